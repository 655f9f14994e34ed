/** Synthetic records shaped exactly as the privacy statement describes them. */
import { faker } from '@faker-js/faker';
import type { Insertable } from 'kysely';
import type { CardTransactionTable, LiveHelpTranscriptTable, PersonalRecordTable } from '../db/schema.js';
import { DAY, MINUTE, SECOND } from '../electron/services/clock.js';
import type { MessageSender, TranscriptMessage } from '../electron/services/intake/formats/liveHelp.js';
import { countsJson, redactField, redactSegments } from '../electron/services/intake/redactOnIntake.js';

export const CITIZEN_OF_INTEREST = { name: 'Evelyn Harper', email: 'evelyn.harper@example.org' };

const TOPICS = [
  'Vehicle registration renewal',
  'Fishing and hunting licenses',
  'Birth certificate request',
  'Property tax payment',
  'Unemployment claim status',
  'Business license renewal',
  'Park reservation',
  'Professional license lookup',
];

const BROWSERS: [string, string][] = [
  ['Firefox', '128.0'],
  ['Chrome', '131.0'],
  ['Safari', '18.1'],
  ['Edge', '131.0'],
];

const TITLE = /^(Mr|Mrs|Ms|Miss|Dr)\.? /;
const SUFFIX = /^(Jr|Sr|I{1,3}|IV|V|DDS|DVM|MD|PhD)\.?$/;

/** "Ms. Evalyn Kautzer" → "Evalyn": how the operator addresses the visitor. */
function firstNameOf(name: string): string {
  return name.replace(TITLE, '').split(' ')[0]!;
}

/** An e-mail address that belongs to the person: their own first and last name. */
function emailOf(name: string): string {
  const [first, ...rest] = name.replace(TITLE, '').split(' ');
  const last = rest.filter((w) => !SUFFIX.test(w)).join(' ');
  return faker.internet.email({ firstName: first, lastName: last, provider: 'example.org' }).toLowerCase();
}

/** Where a visitor came from, by topic: the page that offered Live Help. */
const REFERRING_PAGES: Record<string, string> = {
  'Vehicle registration renewal': 'https://www.example.gov/vehicles/registration',
  'Fishing and hunting licenses': 'https://www.example.gov/outdoors/licenses',
  'Birth certificate request': 'https://www.example.gov/vital-records/birth',
  'Property tax payment': 'https://www.example.gov/revenue/property-tax',
  'Unemployment claim status': 'https://www.example.gov/benefits/unemployment',
  'Business license renewal': 'https://www.example.gov/business/licenses',
  'Park reservation': 'https://www.example.gov/parks/reservations',
  'Professional license lookup': 'https://www.example.gov/professions/lookup',
};

/**
 * What citizens paste into Live Help although asked not to (test numbers only). Some demo
 * transcripts carry one, redacted on the way in exactly as an import would, so the records and
 * the privacy dashboard show what intake catches.
 */
const PASTED: readonly (string | null)[] = [
  null,
  ' My card is 4111 1111 1111 1111, can you see the payment?',
  null,
  ' My SSN is 219-09-9999 if you need it.',
  null,
  ' Routing 021000021 account 12345678 for the refund.',
  null,
];

function chat(visitor: string, operator: string, topic: string, pasted: string | null): [MessageSender, string][] {
  const first = firstNameOf(visitor);
  return [
    ['operator', 'Welcome to Live Help. How can I help you today?'],
    ['visitor', `Hi, I have a question about ${topic.toLowerCase()}.`],
    ['operator', `Happy to help, ${first}. Could you tell me a little more?`],
    [
      'visitor',
      faker.helpers.arrayElement([
        'I submitted the form last week and have not heard back.',
        'I am not sure which office handles this.',
        'The page said my payment could not be completed.',
        'I need to know what documents to bring.',
      ]) + (pasted ?? ''),
    ],
    ['operator', "Thanks. Please don't share card numbers or your Social Security number in this chat. I'll point you to the right page."],
    ['visitor', 'Thank you, that helps.'],
  ];
}

/**
 * A transcript as the Live Help system exports it and intake stores it: messages with sender and
 * time, spread over the session, redacted; the transcript goes, when asked for, to the visitor's own address. `visitorAs` makes a known citizen the visitor, in the
 * messages too. The random draws are made in the same order as ever, so the rest of the demo is unchanged.
 */
export function buildLiveHelpTranscript(
  departmentId: number,
  operators: string[],
  now: Date,
  i: number,
  visitorAs?: { name: string; email: string },
): Insertable<LiveHelpTranscriptTable> {
  const start = new Date(
    now.getTime() - faker.number.int({ min: 1, max: 120 }) * DAY - faker.number.int({ min: 0, max: 8 * 3600 }) * SECOND,
  );
  const end = new Date(start.getTime() + faker.number.int({ min: 4, max: 25 }) * MINUTE);
  const drawnVisitor = faker.person.fullName();
  const visitor = visitorAs?.name ?? drawnVisitor;
  const operator = operators[i % Math.max(operators.length, 1)] ?? 'Live Help operator';
  const topic = faker.helpers.arrayElement(TOPICS);
  const [browser, version] = faker.helpers.arrayElement(BROWSERS);
  const wantsTranscript = faker.datatype.boolean();
  const hostIp = faker.internet.ipv4();
  const lines = chat(visitor, operator, topic, PASTED[i % PASTED.length] ?? null);
  const exitInterview = faker.helpers.arrayElement([
    'Was your question answered? Yes. Would you use Live Help again? Yes.',
    'Was your question answered? Partly. Would you use Live Help again? Yes.',
    null,
  ]);
  const drawnEmail = wantsTranscript ? emailOf(visitor) : null;
  const step = (end.getTime() - start.getTime()) / (lines.length + 1);
  const nameOf = (sender: MessageSender) => (sender === 'operator' ? operator : visitor);
  const redacted = redactSegments(
    lines.map(([sender, text], n) => ({ where: `message ${n + 1}`, text, speaker: `${sender}\u0000${nameOf(sender)}` })),
  );
  const messages: TranscriptMessage[] = lines.map(([sender], n) => ({
    at: new Date(Math.round(start.getTime() + (n + 1) * step)).toISOString(),
    sender,
    name: nameOf(sender),
    text: redacted.texts[n]!,
  }));
  return {
    department_id: departmentId,
    session_date: start.toISOString().slice(0, 10),
    started_at: start.toISOString(),
    ended_at: end.toISOString(),
    operator_name: operator,
    visitor_name: visitor,
    browser,
    browser_version: version,
    host_ip: hostIp,
    transcript_text: messages.map((m) => `[${m.at.slice(11, 16)}] ${m.name}: ${m.text}`).join('\n'),
    exit_interview: exitInterview,
    topic,
    transcript_email: visitorAs ? visitorAs.email : drawnEmail,
    messages: JSON.stringify(messages),
    referring_page: REFERRING_PAGES[topic] ?? null,
    source_system: 'live-help',
    source_id: `LH-DEMO-${String(i + 1).padStart(6, '0')}`,
    redaction_counts: countsJson(redacted.counts),
  };
}

const SUBJECTS: Record<string, string> = {
  'Please update my mailing address on file for renewal notices.': 'Address change',
  'I am writing to request a copy of my records.': 'Records request',
  'I did not receive the refund I was told to expect. Please look into it.': 'Missing refund',
  'Can you confirm that my application was received?': 'Application status',
};

/** What citizens put in an e-mail or a form's message box although asked not to (test numbers only). */
const PASTED_IN_LETTERS: readonly (string | null)[] = [
  null,
  null,
  ' My card number was 5555 5555 5555 4444.',
  null,
  ' I was born on 1961-04-02.',
];

/** A personal record as inserted, and its SSN and date of birth, which are stored only sealed (see DemoProtection). */
export interface DemoPersonalRecord {
  row: Insertable<PersonalRecordTable>;
  ssn: string;
  dateOfBirth: string;
}

export function buildPersonalRecord(departmentId: number, agency: string, now: Date, i: number): DemoPersonalRecord {
  const name = faker.person.fullName();
  const received = new Date(now.getTime() - faker.number.int({ min: 1, max: 200 }) * DAY);
  const source = faker.helpers.arrayElement(['email', 'web_form'] as const);
  const mailingAddress = `${faker.location.streetAddress()}, ${faker.location.city()}, KY ${faker.location.zipCode('4####')}`;
  const email = emailOf(name);
  const phone = faker.phone.number({ style: 'national' });
  // 9xx area numbers are never issued as SSNs: obviously synthetic.
  const ssn = `9${faker.string.numeric(2)}-${faker.string.numeric(2)}-${faker.string.numeric(4)}`;
  const dateOfBirth = faker.date.birthdate({ min: 18, max: 90, mode: 'age' }).toISOString().slice(0, 10);
  const row: Insertable<PersonalRecordTable> = {
    department_id: departmentId,
    received_at: received.toISOString(),
    source,
    agency,
    full_name: name,
    mailing_address: mailingAddress,
    email,
    phone,
    ...letterText(
      faker.helpers.arrayElement([
        'Please update my mailing address on file for renewal notices.',
        'I am writing to request a copy of my records.',
        'I did not receive the refund I was told to expect. Please look into it.',
        'Can you confirm that my application was received?',
      ]),
      i,
    ),
  };
  return { row, ssn, dateOfBirth };
}

/** The message as intake stores it (redacted, with its counts), with its subject and source id. */
function letterText(message: string, i: number) {
  const redacted = redactField('message', message + (PASTED_IN_LETTERS[i % PASTED_IN_LETTERS.length] ?? ''));
  return {
    message: redacted.text,
    subject: SUBJECTS[message] ?? null,
    source_system: 'correspondence',
    source_id: `COR-DEMO-${String(i + 1).padStart(6, '0')}`,
    redaction_counts: countsJson(redacted.counts),
  };
}

/** A Luhn-valid test card number with a well-known test prefix. */
export function syntheticPan(): string {
  const prefix = faker.helpers.arrayElement(['411111', '555555', '400005', '222300']);
  const body = prefix + faker.string.numeric(15 - prefix.length);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export function buildCardTransaction(
  departmentId: number,
  agency: string,
  now: Date,
  i: number,
  protectPan?: DemoProtection['cardNumber'],
): Insertable<CardTransactionTable> {
  const pan = syntheticPan();
  const created = new Date(now.getTime() - faker.number.int({ min: 0, max: 30 }) * DAY);
  const pending = i % 3 !== 2;
  const orderId = `ORD-${created.getUTCFullYear()}-${String(10000 + i)}`;
  return {
    department_id: departmentId,
    order_id: orderId,
    cardholder_name: faker.person.fullName(),
    amount_cents: faker.number.int({ min: 1500, max: 45000 }),
    agency,
    status: pending ? 'pending' : 'processed',
    created_at: created.toISOString(),
    processed_at: pending ? null : new Date(created.getTime() + DAY).toISOString(),
    pan_first6: pan.slice(0, 6),
    pan_last4: pan.slice(-4),
    // The full number is never stored readable (PCI DSS 3.5.1): only encrypted, only while pending.
    ...(pending && protectPan ? protectPan(pan, orderId) : { pan_ciphertext: null, pan_lookup: null }),
  };
}

/**
 * How the demo stores what must never be readable at rest, with the app's key ring: a pending
 * order's full number (sealed, with its keyed hash) and a record's SSN and date of birth (sealed
 * and bound to the record's id, with keyed hashes). Without a key ring none of them is kept.
 */
export interface DemoProtection {
  cardNumber(pan: string, orderId: string): { pan_ciphertext: string; pan_lookup: string };
  personal(
    recordId: number,
    values: { ssn: string; dateOfBirth: string },
  ): Pick<PersonalRecordTable, 'ssn_sealed' | 'ssn_lookup' | 'ssn_last4' | 'date_of_birth_sealed' | 'date_of_birth_lookup'>;
}
