/** Builds main.cjs, preload.cjs and demo.cjs into `outdir` (default dist/electron); returns their paths. */
export function buildElectron(outdir?: string): Promise<string[]>;
