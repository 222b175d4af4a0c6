// In place of @noble/ciphers/aes in the bundle: pdfkit needs it only to encrypt PDFs, which letters does not.
const refuse = () => {
  throw new Error('PDF encryption is not supported');
};
module.exports = { cbc: refuse, ecb: refuse };
