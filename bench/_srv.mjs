import { SMTPServer } from 'smtp-server';
const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _s, cb) { stream.on('end', () => cb()); stream.resume(); } });
server.listen(2525, '127.0.0.1', () => console.log('up'));
