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
