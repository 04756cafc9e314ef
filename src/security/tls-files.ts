import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';

/** `--tls-cert-file` / `--tls-key-file` cannot serve HTTPS; each problem names its flag and file. */
export class TlsFilesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TlsFilesError';
  }
}

export interface TlsFileSettings {
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
}

/** A certificate and its key, checked to belong together: `https.createServer(tls.serverOptions, app)`. */
export interface TlsFiles {
  readonly serverOptions: ServerOptions;
  /** When the (first) certificate expires: the start-up warnings and `check` look at it. */
  readonly notAfter: Date;
  readonly subject: string;
}

function read(flag: string, path: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(
      `${flag} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
    return undefined;
  }
}

function certificateOf(pem: string, path: string, problems: string[]): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    problems.push(`--tls-cert-file ${path} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
    return undefined;
  }
}

function privateKeyOf(pem: string, path: string, problems: string[]): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    problems.push(`--tls-key-file ${path} holds no unencrypted PEM private key`);
    return undefined;
  }
}

/**
 * Reads and checks the TLS files: both or neither given, readable, a PEM certificate (chain) and a PEM
 * private key that matches it. Undefined when neither is given (plain HTTP, TLS at a proxy). Throws
 * TlsFilesError listing every problem; never puts key material in a message.
 */
export function loadTlsFiles(settings: TlsFileSettings): TlsFiles | undefined {
  const { tlsCertFile: certFile, tlsKeyFile: keyFile } = settings;
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new TlsFilesError(['--tls-cert-file and --tls-key-file go together: give both to serve HTTPS']);
  }
  const problems: string[] = [];
  const certPem = read('--tls-cert-file', certFile, problems);
  const keyPem = read('--tls-key-file', keyFile, problems);
  const certificate = certPem === undefined ? undefined : certificateOf(certPem, certFile, problems);
  const privateKey = keyPem === undefined ? undefined : privateKeyOf(keyPem, keyFile, problems);
  if (certificate && privateKey && !certificate.checkPrivateKey(privateKey)) {
    problems.push(`--tls-key-file ${keyFile} is not the private key of the certificate in ${certFile}`);
  }
  if (problems.length > 0 || !certificate || certPem === undefined || keyPem === undefined) {
    throw new TlsFilesError(problems);
  }
  return {
    serverOptions: { cert: certPem, key: keyPem, minVersion: 'TLSv1.2' },
    notAfter: new Date(certificate.validTo),
    subject: certificate.subject,
  };
}
