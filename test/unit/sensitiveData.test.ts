import { describe, expect, it } from 'vitest';
import {
  SENSITIVE_KINDS,
  classifySearch,
  findSensitive,
  redactForLog,
  redactSensitive,
} from '../../electron/services/intake/sensitiveData.js';
import { cardBrand, luhnValid } from '../../electron/services/intake/cardNumbers.js';
import { abaRoutingValid } from '../../electron/services/intake/bankDetails.js';
import { ssnStructureValid } from '../../electron/services/intake/socialSecurityNumbers.js';

const digitsOf = (s: string) => s.replace(/\D/g, '');
const kinds = (text: string) => findSensitive(text).map((m) => m.kind);
const redacted = (text: string) => redactSensitive(text).text;

/** Groups a card number the way it is printed on the card (Amex 4-6-5, Diners 14 4-6-4, others in fours). */
function printed(pan: string, sep: string): string {
  const cuts = pan.length === 15 || pan.length === 14 ? [4, 10] : [4, 8, 12, 16];
  const parts: string[] = [];
  let at = 0;
  for (const cut of [...cuts, pan.length]) {
    if (cut > at && at < pan.length) parts.push(pan.slice(at, Math.min(cut, pan.length)));
    at = cut;
  }
  return parts.join(sep);
}

/** Published test card numbers (Stripe, Braintree, PayPal docs), one or more per brand. */
const TEST_CARDS: [brand: string, pan: string][] = [
  ['visa', '4111111111111111'],
  ['visa', '4242424242424242'],
  ['visa', '4012888888881881'],
  ['visa', '4000056655665556'],
  ['mastercard', '5555555555554444'],
  ['mastercard', '5105105105105100'],
  ['mastercard', '2223003122003222'],
  ['mastercard', '5200828282828210'],
  ['american-express', '378282246310005'],
  ['american-express', '371449635398431'],
  ['discover', '6011111111111117'],
  ['discover', '6011000990139424'],
  ['diners-club', '3056930009020004'],
  ['diners-club', '36227206271667'],
  ['jcb', '3566002020360505'],
  ['jcb', '3530111333300000'],
  ['unionpay', '6200000000000005'],
  ['unionpay', '6205500000000000004'],
  ['maestro', '6759649826438453'],
  ['maestro', '6304000000000000'],
];

describe('card numbers', () => {
  it.each(TEST_CARDS)('the published %s test number %s is a card of that brand', (brand, pan) => {
    expect(luhnValid(pan)).toBe(true);
    expect(cardBrand(pan)).toBe(brand);
  });

  it.each(TEST_CARDS)('%s %s is found plain, spaced, dashed and inside a chat line, and never survives redaction', (_brand, pan) => {
    const last4 = pan.slice(-4);
    const forms = [pan, printed(pan, ' '), printed(pan, '-')];
    for (const form of forms) {
      for (const text of [form, `Hi, my card is ${form}, can you check the charge?`, `card number:${form}.`, `(${form})`]) {
        const matches = findSensitive(text);
        expect(matches, text).toEqual([
          expect.objectContaining({ kind: 'card_number', last4, start: text.indexOf(form), end: text.indexOf(form) + form.length }),
        ]);
        const out = redacted(text);
        expect(out).toBe(text.replace(form, `[card number removed, ending ${last4}]`));
        expect(digitsOf(out)).not.toContain(pan.slice(0, 12));
      }
    }
  });

  it('reports the brand with the match', () => {
    expect(findSensitive('amex 378282246310005')).toEqual([
      { kind: 'card_number', start: 5, end: 20, last4: '0005', brand: 'american-express' },
    ]);
  });

  it('knows the Mastercard 2-series (2221–2720) at both ends of the range', () => {
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('2720999999999996')).toBe('mastercard');
    // 2721 is outside the range; the digits still pass Luhn, so only the prefix rule rejects it.
    expect(luhnValid('2721000000000004')).toBe(true);
    expect(cardBrand('2721000000000004')).toBeNull();
  });

  it('rejects a known prefix at a length the brand does not issue', () => {
    // A Luhn-valid 15-digit number with a Visa prefix: Visa issues 16, 18 and 19 digits.
    expect(luhnValid('411111111111116')).toBe(true);
    expect(cardBrand('411111111111116')).toBeNull();
    expect(kinds('card 411111111111116')).toEqual([]);
    // Amex is 15 digits only.
    expect(luhnValid('3782822463100005')).toBe(false);
    expect(cardBrand('37828224631000')).toBeNull();
  });

  it('accepts pasted separators: no-break spaces and en dashes', () => {
    expect(redacted('card 4111\u00a01111\u00a01111\u00a01111 ok')).toBe('card [card number removed, ending 1111] ok');
    expect(redacted('card 4111\u20131111\u20131111\u20131111 ok')).toBe('card [card number removed, ending 1111] ok');
  });

  it('does not take a number with a wrong check digit, or 16 random digits', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    for (const text of [
      '4111111111111112',
      '4111 1111 1111 1112',
      '5555-5555-5555-4445',
      'ref 8273 1190 4456 2031',
      '3782 822463 10006',
      '7395028461730593',
    ]) {
      expect(kinds(text), text).toEqual([]);
    }
  });

  it('never finds a card number in digits that fail Luhn, or pass it without a card prefix (seeded sample)', () => {
    let seed = 20260715;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    for (let i = 0; i < 2000; i++) {
      const length = 13 + (i % 7);
      const body = digits(length);
      if (!luhnValid(body)) expect(kinds(`x ${body} x`)).toEqual([]);
      // Prefixes 0 and 7 belong to no card brand: a Luhn-valid number starting with them is not a card.
      const noBrand = `${i % 2 ? '7' : '0'}${digits(length - 2)}`;
      const withCheck = [...'0123456789'].map((d) => noBrand + d).find(luhnValid) ?? '';
      expect(kinds(`x ${withCheck} x`)).toEqual([]);
    }
  });

  it('does not match inside a longer digit run', () => {
    for (const text of [
      '41111111111111111',
      '94111111111111111',
      '4111111111111111123',
      'id 424242424242424242424',
      '00004242424242424242',
    ]) {
      expect(kinds(text), text).toEqual([]);
    }
  });

  it('does not match phone numbers, even several on one line', () => {
    const phones = [
      '(555) 123-4567',
      '555-123-4567',
      '555.123.4567',
      '555 123 4567',
      '5551234567',
      '+1 555 123 4567',
      '+1-555-123-4567',
      '+15551234567',
      '1-800-555-0199',
      '1 (800) 555-0199',
      '+44 20 7946 0958',
      '+61 2 9876 5432',
      '+49 1512 3456789',
      '555-123-4567 555-987-6543',
      '555 123 4567 555 987 6543',
      'Call (502) 564-2611 ext. 4111 or 502-564-2611 x4111.',
      // The first 13 digits of these two numbers read as a Luhn-valid Maestro number: only their grouping tells.
      'Office 502-564-2603 502-564-2611',
      // An Indonesian mobile in E.164 whose digits happen to pass as Maestro: the + marks it as a phone number.
      'WhatsApp +6281234567808',
    ];
    for (const text of phones) expect(kinds(text), text).toEqual([]);
  });

  it('does not match order ids, dates, times, timestamps, amounts or IP addresses', () => {
    const texts = [
      'ORD-2026-000123',
      'Order ORD-2026-000123 shipped on 2026-01-15',
      'ORD-2026-4111111111111111',
      'INV4111111111111111',
      'ticket #CL-4111111111111111-A',
      '2026-01-15T10:30:00Z',
      '01/15/2026 10:30 AM',
      '20260115103000',
      '1768473600000',
      '$4,111,111,111,111,111.00',
      'USD 1234567890123.45',
      '4111111111111111.00',
      '3.14159265358979323846',
      '192.168.100.200',
      '10.0.0.1:8080',
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    ];
    for (const text of texts) expect(kinds(text), text).toEqual([]);
  });

  it('finds a card number next to an order id, and one followed by its expiry date', () => {
    expect(redacted('ORD-2026-000123 4242424242424242')).toBe('ORD-2026-000123 [card number removed, ending 4242]');
    expect(redacted('card 4111 1111 1111 1111 12/27')).toBe('card [card number removed, ending 1111] 12/27');
    expect(redacted('card 4111 1111 1111 1111 exp 12/27')).toBe('card [card number removed, ending 1111] exp 12/27');
  });
});

describe('card security codes', () => {
  it('removes a named CVV/CVC/security code', () => {
    expect(redacted('4111 1111 1111 1111 exp 12/27 cvv 123')).toBe(
      '[card number removed, ending 1111] exp 12/27 cvv [card security code removed]',
    );
    expect(redacted('CVC: 456')).toBe('CVC: [card security code removed]');
    expect(redacted('the security code is 1234')).toBe('the security code is [card security code removed]');
    expect(redacted('card verification value 987')).toBe('card verification value [card security code removed]');
  });

  it('leaves three digits that are not named as a code, and longer one-time codes', () => {
    expect(kinds('room 123, floor 4')).toEqual([]);
    expect(kinds('your security code is 482913')).toEqual([]);
    expect(kinds('cvv ok')).toEqual([]);
  });
});

describe('Social Security numbers', () => {
  it('finds ddd-dd-dddd and ddd dd dddd without any keyword', () => {
    expect(redacted('it is 219-09-9999 I think')).toBe('it is [SSN removed] I think');
    expect(redacted('Mine is 078 05 1121.')).toBe('Mine is [SSN removed].');
    expect(redacted('SSN:123-45-6789')).toBe('SSN:[SSN removed]');
  });

  it('applies the SSA structural rules: area 000, 666 and 900–999, group 00 and serial 0000 are never issued', () => {
    for (const ssn of ['000-12-3456', '666-12-3456', '900-12-3456', '987-65-4321', '999-99-9999', '123-00-4567', '123-45-0000']) {
      expect(ssnStructureValid(digitsOf(ssn)), ssn).toBe(false);
      expect(kinds(`SSN ${ssn}`), ssn).toEqual([]);
      expect(kinds(`social security number ${digitsOf(ssn)}`), ssn).toEqual([]);
    }
    for (const ssn of ['001-01-0001', '665-99-9999', '667-01-0001', '899-99-9999'])
      expect(ssnStructureValid(digitsOf(ssn)), ssn).toBe(true);
  });

  it('takes nine contiguous digits only near SSN words', () => {
    for (const text of [
      'SSN 123456789',
      'my SSN is 123456789',
      'Social Security number: 123456789',
      'my social is 123456789',
      '123456789 is my SSN',
      'S.S.N. 123456789',
      'SS# 123456789',
    ]) {
      expect(redacted(text), text).not.toContain('123456789');
      expect(kinds(text), text).toEqual(['ssn']);
    }
    for (const text of ['order 123456789', 'Reference 123456789 please', 'ticket 123456789 was closed', '123456789']) {
      expect(kinds(text), text).toEqual([]);
    }
  });

  it('gives the SSN word to the nearest number, not to another one further on', () => {
    expect(redacted('SSN 219-09-9999, order 123456789')).toBe('SSN [SSN removed], order 123456789');
  });

  it('does not take phone numbers, mixed separators or digits glued to more digits', () => {
    for (const text of ['555-123-4567', '123-45 6789', '1-123-45-6789', '123-45-67890', 'A123-45-6789', '123-45-6789-01']) {
      expect(kinds(text), text).toEqual([]);
    }
  });
});

describe('dates of birth', () => {
  it.each([
    ['DOB: 03/04/1980', '03/04/1980'],
    ['D.O.B. 3-4-80', '3-4-80'],
    ['date of birth 1980-03-04', '1980-03-04'],
    ['Date of Birth (mm/dd/yyyy): 12/25/1975', '12/25/1975'],
    ['I was born on March 3, 1980 in Louisville', 'March 3, 1980'],
    ['born 3rd of March 1980', '3rd of March 1980'],
    ['my birthday is Jan. 5th', 'Jan. 5th'],
    ['birthdate: 12.25.1975', '12.25.1975'],
    ['3/4/1980 is my birthday', '3/4/1980'],
    ['04/03/1980 (DOB)', '04/03/1980'],
    ['31/12/1980 is when I was born', '31/12/1980'],
  ])('%s', (text, date) => {
    expect(redacted(text)).toBe(text.replace(date, '[date of birth removed]'));
  });

  it('leaves a date without birth words, and dates that birth words do not point at', () => {
    for (const text of [
      'Meeting on 03/04/2026',
      'Paid on March 3, 2026.',
      'I was born in Ohio. On 3/4/2020 I moved here.',
      'born in 1980, moved here 3/4/2000',
      'the birthday party is on 5/6/2026',
      'my date of birth is private; the order went out 1/2/2026',
    ]) {
      expect(kinds(text), text).toEqual([]);
    }
  });

  it('takes only the date right after the birth word, not a later one in the same sentence', () => {
    expect(redacted('born 1/2/1980 and married 3/4/2005')).toBe('born [date of birth removed] and married 3/4/2005');
  });

  it('does not take impossible dates', () => {
    for (const text of ['DOB 13/13/1980', 'DOB 02/30/1980', 'born February 30, 1980', 'DOB 1980-13-01'])
      expect(kinds(text), text).toEqual([]);
  });
});

describe('bank details', () => {
  it('checks the ABA routing checksum', () => {
    for (const r of ['021000021', '011000015', '121000358', '026009593', '322271627']) expect(abaRoutingValid(r), r).toBe(true);
    for (const r of ['021000022', '123456789', '000000000', '990000001']) expect(abaRoutingValid(r), r).toBe(false);
  });

  it('removes a routing number and its account number as one bank account', () => {
    const text = 'My routing number is 021000021 and account number is 12345678901, thanks';
    expect(redactSensitive(text)).toEqual({
      text: 'My routing number is [bank account removed], thanks',
      counts: expect.objectContaining({ bank_account: 1 }),
    });
    expect(redacted('acct 000123456789, routing 021000021.')).toBe('acct [bank account removed].');
    expect(redacted('Direct deposit: 021000021 / 987654321')).toBe('Direct deposit: [bank account removed]');
  });

  it('takes a valid routing number next to an account number even without bank words', () => {
    expect(redacted('021000021 12345678')).toBe('[bank account removed]');
  });

  it('takes a valid routing number near bank words on its own', () => {
    expect(redacted('the ABA is 011000015')).toBe('the ABA is [bank account removed]');
  });

  it('takes an account number labelled as a bank, checking or savings account', () => {
    expect(redacted('my checking account number is 000123456789')).toBe('my checking account number is [bank account removed]');
  });

  it('leaves an invalid checksum, and a valid routing number with no bank context', () => {
    expect(kinds('routing 021000022 account 1234')).toEqual([]);
    expect(kinds('ticket 021000021 was closed')).toEqual([]);
    expect(kinds('account 1234 is locked')).toEqual([]);
  });

  it('keeps the two parts apart when another finding lies between them', () => {
    const out = redactSensitive('routing 021000021 SSN 123-45-6789 account 12345678');
    expect(out.text).toBe('routing [bank account removed] SSN [SSN removed] account [bank account removed]');
    expect(out.counts).toMatchObject({ bank_account: 2, ssn: 1 });
    // Other numbers between the two stay readable.
    expect(redacted('routing 021000021 (ticket 4471) account 12345678')).toBe(
      'routing [bank account removed] (ticket 4471) account [bank account removed]',
    );
  });
});

describe("mother's maiden name", () => {
  it.each([
    ["my mother's maiden name is Smith.", 'Smith'],
    ['My mothers maiden name is smith', 'smith'],
    ['Mom\u2019s maiden name was O\u2019Brien-Jones, ok?', 'O\u2019Brien-Jones'],
    ['maiden name: Garcia Lopez', 'Garcia Lopez'],
    ['Maiden name - Nguyen', 'Nguyen'],
    ['mother\'s maiden name "Kowalski"', 'Kowalski'],
    ["Smith is my mother's maiden name", 'Smith'],
    ['Novak was her maiden name', 'Novak'],
    ['maiden name Isabel', 'Isabel'],
    ['her maiden name was de la Cruz, thanks', 'de la Cruz'],
    ['Maiden name: Van der Berg', 'Van der Berg'],
    ['maiden name is Isabel', 'Isabel'],
  ])('%s', (text, name) => {
    const out = redacted(text);
    expect(out).toBe(text.replace(name, "[mother's maiden name removed]"));
    expect(out).not.toContain(name);
  });

  it('takes only the name, not the words after it', () => {
    expect(redacted('my mothers maiden name is Smith and I live in Frankfort')).toBe(
      "my mothers maiden name is [mother's maiden name removed] and I live in Frankfort",
    );
    expect(redacted('maiden name is Smith I think')).toBe("maiden name is [mother's maiden name removed] I think");
    expect(redacted('maiden name: Smith. Thanks')).toBe("maiden name: [mother's maiden name removed]. Thanks");
  });

  it('finds nothing in a question, a refusal or a mention without a name', () => {
    for (const text of [
      "What is your mother's maiden name?",
      "Please confirm your mother's maiden name for verification.",
      "My mother's maiden name is not something I share.",
      'The maiden name field is required.',
      'Maiden names are optional',
      'MAIDEN NAMES ARE OPTIONAL',
      'It was my mother\u2019s maiden name',
    ]) {
      expect(kinds(text), text).toEqual([]);
    }
  });
});

describe('Medicare numbers (the medical identifier that can be found precisely)', () => {
  it('finds an MBI bare or printed with dashes, in any case', () => {
    expect(redacted('Medicare 1EG4-TE5-MK73 please')).toBe('Medicare [Medicare number removed] please');
    expect(redacted('my number is 1eg4te5mk73')).toBe('my number is [Medicare number removed]');
  });

  it('leaves lookalikes: letters CMS never uses, one dash, glued codes', () => {
    for (const text of ['1SG4TE5MK73', '1EG4TE5MK7', '1EG4-TE5MK73', 'X1EG4TE5MK73', 'ID-1EG4TE5MK73-B'])
      expect(kinds(text), text).toEqual([]);
  });
});

describe('several findings in one text', () => {
  const chat = [
    'Visitor: Hi, I was charged twice. Card is 4242 4242 4242 4242, exp 09/28, CVV 314.',
    'Operator: I cannot take card details here. What is the order number?',
    'Visitor: ORD-2026-000123. Also my SSN is 219-09-9999 and DOB: 07/04/1976.',
    'Visitor: Refund to routing 021000021 account 12345678 please. The other card was 5555-5555-5555-4444.',
    "Visitor: In case you need it, my mother's maiden name is Whitaker. Call me at (502) 555-0147.",
  ].join('\n');

  it('finds each value in order, without overlaps', () => {
    const matches = findSensitive(chat);
    expect(matches.map((m) => m.kind)).toEqual([
      'card_number',
      'card_security_code',
      'ssn',
      'date_of_birth',
      'bank_account',
      'card_number',
      'mothers_maiden_name',
    ]);
    for (let i = 1; i < matches.length; i++) expect(matches[i]!.start).toBeGreaterThanOrEqual(matches[i - 1]!.end);
  });

  it('counts each kind and writes each token', () => {
    const { text, counts } = redactSensitive(chat);
    expect(counts).toEqual({
      card_number: 2,
      card_security_code: 1,
      ssn: 1,
      date_of_birth: 1,
      bank_account: 1,
      mothers_maiden_name: 1,
      medicare_number: 0,
    });
    expect(text).toBe(
      [
        'Visitor: Hi, I was charged twice. Card is [card number removed, ending 4242], exp 09/28, CVV [card security code removed].',
        'Operator: I cannot take card details here. What is the order number?',
        'Visitor: ORD-2026-000123. Also my SSN is [SSN removed] and DOB: [date of birth removed].',
        'Visitor: Refund to routing [bank account removed] please. The other card was [card number removed, ending 4444].',
        "Visitor: In case you need it, my mother's maiden name is [mother's maiden name removed]. Call me at (502) 555-0147.",
      ].join('\n'),
    );
  });

  it('leaves none of the original values in the redacted text', () => {
    const out = redacted(chat);
    for (const secret of ['4242424242424242', '5555555555554444', '219099999', '021000021', '12345678', '07041976'])
      expect(digitsOf(out)).not.toContain(secret);
    for (const secret of ['4242 4242', '5555-5555', '219-09', '07/04/1976', 'Whitaker', 'CVV 314']) expect(out).not.toContain(secret);
  });

  it('redacting twice changes nothing more', () => {
    const once = redactSensitive(chat);
    const twice = redactSensitive(once.text);
    expect(twice.text).toBe(once.text);
    expect(Object.values(twice.counts).every((n) => n === 0)).toBe(true);
  });

  it('returns every kind in the counts, zero when absent', () => {
    const { text, counts } = redactSensitive('nothing to see here');
    expect(text).toBe('nothing to see here');
    expect(Object.keys(counts).sort()).toEqual([...SENSITIVE_KINDS].sort());
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('handles empty text and a long transcript quickly', () => {
    expect(findSensitive('')).toEqual([]);
    const line =
      'Visitor: order ORD-2026-000123 on 01/15/2026 for $1,234.56, call (502) 555-0147, card 4111 1111 1111 1111, born 3/4/1980.\n';
    const long = line.repeat(1000);
    const started = performance.now();
    const { counts } = redactSensitive(long);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(counts).toMatchObject({ card_number: 1000, date_of_birth: 1000 });
  });
});

describe('redactForLog', () => {
  it('is the redacted text', () => {
    expect(redactForLog('user searched for 4111111111111111 and 219-09-9999')).toBe(
      'user searched for [card number removed, ending 1111] and [SSN removed]',
    );
  });
});

describe('classifySearch', () => {
  it('returns a whole card number as digits with a first-6/last-4 mask', () => {
    expect(classifySearch('4111 1111 1111 1111')).toEqual({
      kind: 'card_number',
      digits: '4111111111111111',
      mask: '4111 11•• •••• 1111',
      last4: '1111',
    });
    expect(classifySearch('  5555-5555-5555-4444 ')).toEqual({
      kind: 'card_number',
      digits: '5555555555554444',
      mask: '5555 55•• •••• 4444',
      last4: '4444',
    });
    const amex = classifySearch('378282246310005');
    expect(amex).toMatchObject({ kind: 'card_number', digits: '378282246310005', last4: '0005' });
  });

  it('never shows more than the first 6 and last 4 digits in a card mask', () => {
    for (const [, pan] of TEST_CARDS) {
      const result = classifySearch(pan);
      expect(result.kind, pan).toBe('card_number');
      if (result.kind !== 'card_number') continue;
      const shown = digitsOf(result.mask);
      expect(shown).toBe(pan.slice(0, 6) + pan.slice(-4));
    }
  });

  it('returns a whole SSN as digits with a last-4 mask', () => {
    expect(classifySearch('219-09-9999')).toEqual({ kind: 'ssn', digits: '219099999', mask: '•••-••-9999' });
    expect(classifySearch('219 09 9999')).toEqual({ kind: 'ssn', digits: '219099999', mask: '•••-••-9999' });
    // Nine bare digits in a search box: logged as an SSN mask rather than risk logging an SSN in the clear.
    expect(classifySearch('123456789')).toEqual({ kind: 'ssn', digits: '123456789', mask: '•••-••-6789' });
  });

  it('returns other input as text, redacted where it embeds a sensitive value', () => {
    expect(classifySearch('Whitaker')).toEqual({ kind: 'text', text: 'Whitaker', redacted: false });
    expect(classifySearch('ORD-2026-000123')).toEqual({ kind: 'text', text: 'ORD-2026-000123', redacted: false });
    expect(classifySearch('4111111111111112')).toEqual({ kind: 'text', text: '4111111111111112', redacted: false });
    expect(classifySearch('666-12-3456')).toEqual({ kind: 'text', text: '666-12-3456', redacted: false });
    expect(classifySearch('Jones 4111111111111111')).toEqual({
      kind: 'text',
      text: 'Jones [card number removed, ending 1111]',
      redacted: true,
    });
    expect(classifySearch('ssn 219-09-9999')).toEqual({ kind: 'text', text: 'ssn [SSN removed]', redacted: true });
  });
});
