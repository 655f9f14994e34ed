/**
 * Dates of birth: a calendar date (US numeric formats, ISO, written months) tied to a birth word
 * ("born", "date of birth", "DOB", "birthday") in the same sentence. A date alone is an
 * appointment or a payment date, not a date of birth, and stays.
 */
import { allMatches, standsAlone, testFresh } from './textContext.js';

export interface DateSpan {
  start: number;
  end: number;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';
const YEAR = "(\\d{4}|'\\d{2})";

/** March 3, 1980 · Mar. 3rd 1980 · March 3 */
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})${ORDINAL}(?:,?\\s+${YEAR})?(?![\\w'])`, 'gi');
/** 3 March 1980 · 3rd of March, 1980 · 3 March */
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?${MONTH}(?:,?\\s+${YEAR})?(?![\\w'])`, 'gi');
/** 03/04/1980 · 3-4-80 · 3.4.1980 (month first, day first when that is the only reading) */
const NUMERIC_US = /(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/g;
/** 1980-03-04 · 1980/03/04 */
const NUMERIC_ISO = /(?<!\d)(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?!\d)/g;

function validDay(month: number, day: number): boolean {
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function validYear(year: string | undefined): boolean {
  if (year === undefined || year.length !== 4) return true;
  const y = Number(year);
  return y >= 1880 && y <= 2099;
}

const monthNumber = (name: string): number => MONTHS[name.slice(0, 3).toLowerCase()] ?? 0;

/** Every valid calendar date written in the text, in order, none overlapping. */
export function findDates(text: string): DateSpan[] {
  const spans: DateSpan[] = [];
  const add = (m: RegExpExecArray, ok: boolean) => {
    const end = m.index + m[0].length;
    if (ok && standsAlone(text, m.index, end)) spans.push({ start: m.index, end });
  };
  for (const m of allMatches(MONTH_DAY_YEAR, text)) add(m, validDay(monthNumber(m[1] ?? ''), Number(m[2])) && validYear(m[3]));
  for (const m of allMatches(DAY_MONTH_YEAR, text)) add(m, validDay(monthNumber(m[2] ?? ''), Number(m[1])) && validYear(m[3]));
  for (const m of allMatches(NUMERIC_US, text)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    add(m, (validDay(a, b) || validDay(b, a)) && validYear(m[4]));
  }
  for (const m of allMatches(NUMERIC_ISO, text)) add(m, validDay(Number(m[3]), Number(m[4])) && validYear(m[1]));
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let reached = -1;
  return spans.filter((s) => {
    if (s.start < reached) return false;
    reached = s.end;
    return true;
  });
}

/** Birth words. A birthday party, card or gift is not somebody's date of birth. */
const BIRTH_WORDS =
  /\b(?:date\s+of\s+birth|birth\s*date|birth\s*day(?!\s+(?:party|card|gift|present|cake|celebration))|b-?day|d\.o\.b\.?|dob|born)(?:'s)?(?![\w])/gi;

/** Between a birth word and the date after it: no sentence end, comma, semicolon or line break (`DOB: 3/4/1980`, `born in Ohio on 3/4/1980`). */
const WORD_THEN_DATE = /^[^.!?,;\n\r]*$/;
/** Between a date and the birth word after it: a short link only (`3/4/1980 is my birthday`, `03/04/1980 (DOB)`, `3/4/80 is when I was born`). */
const DATE_THEN_WORD =
  /^[\s(:=\u2013\u2014-]*(?:(?:is|was)\s+)?(?:(?:my|his|her|their|our|your|the|a)\s+)?(?:(?:when|that)\s+(?:i|he|she|they|we)\s+(?:was|were)\s+)?$/i;

/** How far (characters) the date may follow its birth word, or the birth word the date. */
const AFTER_WORD = 40;
const WORD_AFTER = 30;

/** The text speaks of a date of birth ("What is your date of birth?"): a date in the reply to it is one. */
export function mentionsBirthDate(text: string): boolean {
  return testFresh(BIRTH_WORDS, text);
}

export function findBirthDates(text: string): DateSpan[] {
  const dates = findDates(text);
  const words = allMatches(BIRTH_WORDS, text).map((m) => ({ start: m.index, end: m.index + m[0].length }));
  return dates.filter((date, i) => {
    const previousDateEnd = dates[i - 1]?.end ?? -1;
    const afterWord = words.some(
      (w) =>
        w.end <= date.start &&
        w.end >= previousDateEnd &&
        date.start - w.end <= AFTER_WORD &&
        WORD_THEN_DATE.test(text.slice(w.end, date.start)),
    );
    const beforeWord = words.some(
      (w) => w.start >= date.end && w.start - date.end <= WORD_AFTER && DATE_THEN_WORD.test(text.slice(date.end, w.start)),
    );
    return afterWord || beforeWord;
  });
}
