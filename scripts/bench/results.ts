/** What the bench prints: each figure beside its floor or peer with the ratio, then one line per target. */

export interface Target {
  name: string;
  met: boolean;
  /** The figures the verdict rests on, in words. */
  because: string;
}

export class Results {
  private readonly targets: Target[] = [];

  section(title: string): void {
    console.log(`\n${title}`);
  }

  /** One measure: ours, and the floor or peer measured beside it. */
  figure(label: string, ours: string, peer?: { label: string; value: string; ratio: string }): void {
    const right = peer ? `${peer.label} ${peer.value}`.padEnd(40) + peer.ratio : '';
    console.log(`  ${label.padEnd(52)} ${ours.padStart(12)}   ${right}`);
  }

  target(name: string, met: boolean, because: string): void {
    this.targets.push({ name, met, because });
  }

  summary(): { met: number; missed: number } {
    console.log('\ntargets');
    for (const t of this.targets) console.log(`  ${t.met ? 'met   ' : 'missed'}  ${t.name} (${t.because})`);
    const met = this.targets.filter((t) => t.met).length;
    return { met, missed: this.targets.length - met };
  }
}
