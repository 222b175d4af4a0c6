import nodemailer from 'nodemailer';
const n = 2000, conns = Number(process.argv[2] ?? 4), inflight = Number(process.argv[3] ?? conns);
const t = nodemailer.createTransport({ url: 'smtp://127.0.0.1:2525', pool: true, maxConnections: conns, ignoreTLS: true });
const raw = Buffer.from('From: a@b.org\r\nTo: c@d.org\r\nSubject: x\r\n\r\n' + 'Hello world line\r\n'.repeat(300));
let i = 0; const t0 = performance.now();
async function w() { while (i < n) { i++; await t.sendMail({ envelope: { from: 'a@b.org', to: ['c@d.org'] }, raw }); } }
await Promise.all(Array.from({ length: inflight }, w));
console.log(conns, inflight, (n / ((performance.now() - t0) / 1000)).toFixed(0), '/s');
t.close();
