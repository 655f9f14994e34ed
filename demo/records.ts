/** Synthetic records shaped exactly as the privacy statement describes them. */
import { faker } from '@faker-js/faker';
import type { Insertable } from 'kysely';
import type { CardTransactionTable, LiveHelpTranscriptTable, PersonalRecordTable } from '../db/schema.js';
import { DAY, MINUTE, SECOND } from '../electron/services/clock.js';

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

function chat(visitor: string, operator: string, topic: string): string {
  const first = visitor.split(' ')[0];
  return [
    `${operator}: Welcome to Live Help. How can I help you today?`,
    `${visitor}: Hi, I have a question about ${topic.toLowerCase()}.`,
    `${operator}: Happy to help, ${first}. Could you tell me a little more?`,
    `${visitor}: ${faker.helpers.arrayElement([
      'I submitted the form last week and have not heard back.',
      'I am not sure which office handles this.',
      'The page said my payment could not be completed.',
      'I need to know what documents to bring.',
    ])}`,
    `${operator}: Thanks. Please don't share card numbers or your Social Security number in this chat. I'll point you to the right page.`,
    `${visitor}: Thank you, that helps.`,
  ].join('\n');
}

export function buildLiveHelpTranscript(
  departmentId: number,
  operators: string[],
  now: Date,
  i: number,
): Insertable<LiveHelpTranscriptTable> {
  const start = new Date(
    now.getTime() - faker.number.int({ min: 1, max: 120 }) * DAY - faker.number.int({ min: 0, max: 8 * 3600 }) * SECOND,
  );
  const end = new Date(start.getTime() + faker.number.int({ min: 4, max: 25 }) * MINUTE);
  const visitor = faker.person.fullName();
  const operator = operators[i % Math.max(operators.length, 1)] ?? 'Live Help operator';
  const topic = faker.helpers.arrayElement(TOPICS);
  const [browser, version] = faker.helpers.arrayElement(BROWSERS);
  const wantsTranscript = faker.datatype.boolean();
  return {
    department_id: departmentId,
    session_date: start.toISOString().slice(0, 10),
    started_at: start.toISOString(),
    ended_at: end.toISOString(),
    operator_name: operator,
    visitor_name: visitor,
    browser,
    browser_version: version,
    host_ip: faker.internet.ipv4(),
    transcript_text: chat(visitor, operator, topic),
    exit_interview: faker.helpers.arrayElement([
      'Was your question answered? Yes. Would you use Live Help again? Yes.',
      'Was your question answered? Partly. Would you use Live Help again? Yes.',
      null,
    ]),
    topic,
    transcript_email: wantsTranscript ? faker.internet.email({ provider: 'example.org' }).toLowerCase() : null,
  };
}

/** A personal record as inserted, and its SSN and date of birth, which are stored only sealed (see DemoProtection). */
export interface DemoPersonalRecord {
  row: Insertable<PersonalRecordTable>;
  ssn: string;
  dateOfBirth: string;
}

export function buildPersonalRecord(departmentId: number, agency: string, now: Date, _i: number): DemoPersonalRecord {
  const name = faker.person.fullName();
  const received = new Date(now.getTime() - faker.number.int({ min: 1, max: 200 }) * DAY);
  const source = faker.helpers.arrayElement(['email', 'web_form'] as const);
  const mailingAddress = `${faker.location.streetAddress()}, ${faker.location.city()}, KY ${faker.location.zipCode('4####')}`;
  const email = faker.internet.email({ firstName: name.split(' ')[0], provider: 'example.org' }).toLowerCase();
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
    message: faker.helpers.arrayElement([
      'Please update my mailing address on file for renewal notices.',
      'I am writing to request a copy of my records.',
      'I did not receive the refund I was told to expect. Please look into it.',
      'Can you confirm that my application was received?',
    ]),
  };
  return { row, ssn, dateOfBirth };
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
