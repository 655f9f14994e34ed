/**
 * Where the back end reports what went wrong: the rotating log file in the app, the console
 * elsewhere. Messages carry event and error names only, never personal data or secrets.
 */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message) => console.error(message),
};

/**
 * Every message through the sensitive-data scan before it is written: a card number, SSN or other
 * value that slipped into an error message reaches the log only as its labelled token.
 */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    info: (message) => logger.info(redact(message)),
    error: (message) => logger.error(redact(message)),
  };
}
