import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  port: number;
  url: string;
  /** Messages received, with the envelope recipient and when the server began reading each (ms). */
  received: { to: string; mail: ParsedMail; at: number; session: string }[];
  /** Connections the server has greeted so far. */
  greeted: number;
  /** Connections open now. */
  open(): number;
  close(): Promise<void>;
}

export interface SmtpOptions {
  /** Log in required, with this user and password. */
  login?: { user: string; pass: string };
  /** The server closes each connection after this many messages, as many providers do. */
  messagesPerConnection?: number;
  /** Logins (counted from 1) refused with "454 temporary authentication failure", as a busy provider does. */
  refusedLogins?: number[];
  /** Milliseconds a connection may be idle before the server closes it. */
  socketTimeout?: number;
}

/**
 * A real SMTP server on 127.0.0.1, on a free port. `answer(rcpt, attempt)` can refuse a
 * recipient with an SMTP code (550, 451), `drop` the connection, refuse it and then drop the
 * connection, or take the message whole and drop the connection without answering; default: accept.
 */
export async function startSmtp(
  answer: (rcpt: string, attempt: number) => number | 'drop' | 'refuse-and-drop' | 'take-and-drop' | undefined = () => undefined,
  options: SmtpOptions = {},
): Promise<TestSmtp> {
  const attempts = new Map<string, number>();
  const received: TestSmtp['received'] = [];
  const perConnection = new Map<string, number>();
  let logins = 0;
  let greeted = 0;
  const takeAndDrop = new Set<string>();
  const server = new SMTPServer({
    authOptional: !options.login,
    allowInsecureAuth: true,
    disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    ...(options.socketTimeout ? { socketTimeout: options.socketTimeout } : {}),
    onConnect(_session, callback) {
      greeted++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.refusedLogins?.includes(++logins)) return callback(Object.assign(new Error('Temporary authentication failure'), { responseCode: 454 }));
      const ok = options.login && auth.username === options.login.user && auth.password === options.login.pass;
      callback(ok ? null : Object.assign(new Error('Invalid username or password'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onRcptTo(address, session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const a = answer(address.address, n);
      if (a === 'take-and-drop') {
        takeAndDrop.add(session.id); // the message is read whole, then the connection goes without an answer
        return callback();
      }
      if (a === 'refuse-and-drop') {
        // "550", then the connection is gone before the client's RSET is answered.
        const connection = connectionOf(session.id);
        callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
        setImmediate(() => connection?._socket.destroy());
        return;
      }
      if (a === 'drop') {
        connectionOf(session.id)?._socket.destroy();
        return callback(Object.assign(new Error('dropped'), { responseCode: 421 }));
      }
      if (a) return callback(Object.assign(new Error(a >= 500 ? 'No such user here' : 'Try again later'), { responseCode: a }));
      callback();
    },
    onData(stream, session, callback) {
      const at = Date.now();
      simpleParser(stream).then(
        (mail) => {
          for (const r of session.envelope.rcptTo) received.push({ to: r.address, mail, at, session: session.id });
          if (takeAndDrop.delete(session.id)) return connectionOf(session.id)?._socket.destroy();
          callback();
          const n = (perConnection.get(session.id) ?? 0) + 1;
          perConnection.set(session.id, n);
          if (n === options.messagesPerConnection) setImmediate(() => connectionOf(session.id)?._socket.end());
        },
        (err: Error) => callback(err),
      );
    },
  });
  /** The server's side of the connection of a session. */
  const connectionOf = (id: string) =>
    [...(server as unknown as { connections: Set<{ session: { id: string }; _socket: { end(): void; destroy(): void } }> }).connections].find((c) => c.session.id === id);
  // A client killed mid-message resets the connection: expected in these tests, not an error.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    get greeted() {
      return greeted;
    },
    open: () => (server as unknown as { connections: Set<unknown> }).connections.size,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
