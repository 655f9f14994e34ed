/**
 * A small size-rotated log file in the user-data folder. Callers log events and error names,
 * never personal data, passwords or card numbers: the router logs only channel names and errors.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingLogOptions {
  dir: string;
  name?: string;
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
}

export class RotatingLog {
  private readonly file: string;
  constructor(private readonly o: RotatingLogOptions) {
    mkdirSync(o.dir, { recursive: true });
    this.file = join(o.dir, o.name ?? 'clearance.log');
  }

  private rotate(): void {
    const keep = this.o.keep ?? 5;
    rmSync(`${this.file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    renameSync(this.file, `${this.file}.1`);
  }

  write(level: 'info' | 'error', message: string): void {
    const line = `${(this.o.now ?? (() => new Date()))().toISOString()} ${level.toUpperCase()} ${message.replace(/[\r\n]+/g, ' ')}\n`;
    if (existsSync(this.file) && statSync(this.file).size + line.length > (this.o.maxBytes ?? 1_000_000)) this.rotate();
    appendFileSync(this.file, line);
  }

  info(message: string): void {
    this.write('info', message);
  }

  error(message: string): void {
    this.write('error', message);
  }
}
