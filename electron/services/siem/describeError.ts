/**
 * Errors as short sentences for the dashboard. Known network, TLS and file codes get plain words;
 * anything else keeps its message with credentials in URLs masked, so no secret reaches the screen.
 */
const WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing is listening there)',
  ECONNRESET: 'the connection was reset by the other side',
  EPIPE: 'the other side closed the connection',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be looked up right now',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  EACCES: 'permission was denied',
  EPERM: 'the operation was not permitted',
  ENOENT: 'the file or folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the disk is read-only',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted (set the CA file)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain ends in an untrusted self-signed CA (set the CA file)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by a trusted CA (set the CA file)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the server certificate is not trusted (set the CA file)',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host (check the host or server name)',
};

export function maskSecrets(text: string): string {
  return text.replace(/(\/\/)[^/\s:@]+:[^@\s]*@/g, '$1***@').replace(/(password|passwd|pwd|secret|token)=([^\s&;]+)/gi, '$1=***');
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const words = code ? WORDS[code] : undefined;
    return maskSecrets(words ? `${words} (${code})` : error.message || error.name);
  }
  return maskSecrets(String(error));
}

/** An error whose message already is the sentence to show. */
export function failure(message: string, cause?: unknown): Error {
  return new Error(cause === undefined ? message : `${message}: ${describeError(cause)}`);
}
