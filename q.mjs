import Database from 'better-sqlite3';
const db = new Database('/tmp/bench-build/clearance-bench/dceee5caff43c012/bench.db');
for (const t of ['card_transactions_search', 'live_help_transcripts_search', 'personal_records_search']) {
  const s = performance.now();
  db.exec(`insert into ${t}(${t}) values('integrity-check')`);
  console.log(t, 'integrity-check ok', ((performance.now() - s) / 1000).toFixed(1), 's');
}
const fts = db.prepare(`select count(*) n from personal_records_search where personal_records_search match '{full_name} : "smith"'`).get().n;
const like = db.prepare(`select count(*) n from personal_records where lower(full_name) like '%smith%'`).get().n;
console.log('smith fts', fts, 'like', like);
