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

function chat(visitor: string, operator: string, topic: string): string {
  const first = firstNameOf(visitor);
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

/**
 * A Live Help session. The visitor named on the transcript is the person chatting in it, and the
 * transcript goes, when asked for, to that person's own address (`visitor` names one on purpose).
 */
export function buildLiveHelpTranscript(
  departmentId: number,
  operators: string[],
  now: Date,
  i: number,
  visitor: { name: string; email: string } = { name: '', email: '' },
): Insertable<LiveHelpTranscriptTable> {
  const start = new Date(
    now.getTime() - faker.number.int({ min: 1, max: 120 }) * DAY - faker.number.int({ min: 0, max: 8 * 3600 }) * SECOND,
  );
  const end = new Date(start.getTime() + faker.number.int({ min: 4, max: 25 }) * MINUTE);
  const visitorName = visitor.name || faker.person.fullName();
  const operator = operators[i % Math.max(operators.length, 1)] ?? 'Live Help operator';
  const topic = faker.helpers.arrayElement(TOPICS);
  const [browser, version] = faker.helpers.arrayElement(BROWSERS);
  const wantsTranscript = Boolean(visitor.email) || faker.datatype.boolean();
  return {
    department_id: departmentId,
    session_date: start.toISOString().slice(0, 10),
    started_at: start.toISOString(),
    ended_at: end.toISOString(),
    operator_name: operator,
    visitor_name: visitorName,
    browser,
    browser_version: version,
    host_ip: faker.internet.ipv4(),
    transcript_text: chat(visitorName, operator, topic),
    exit_interview: faker.helpers.arrayElement([
      'Was your question answered? Yes. Would you use Live Help again? Yes.',
      'Was your question answered? Partly. Would you use Live Help again? Yes.',
      null,
    ]),
    topic,
    transcript_email: wantsTranscript ? visitor.email || emailOf(visitorName) : null,
  };
}

export function buildPersonalRecord(departmentId: number, agency: string, now: Date, _i: number): Insertable<PersonalRecordTable> {
  const name = faker.person.fullName();
  const received = new Date(now.getTime() - faker.number.int({ min: 1, max: 200 }) * DAY);
  return {
    department_id: departmentId,
    received_at: received.toISOString(),
    source: faker.helpers.arrayElement(['email', 'web_form'] as const),
    agency,
    full_name: name,
    mailing_address: `${faker.location.streetAddress()}, ${faker.location.city()}, KY ${faker.location.zipCode('4####')}`,
    email: emailOf(name),
    phone: faker.phone.number({ style: 'national' }),
    // 9xx area numbers are never issued as SSNs: obviously synthetic.
    ssn: `9${faker.string.numeric(2)}-${faker.string.numeric(2)}-${faker.string.numeric(4)}`,
    date_of_birth: faker.date.birthdate({ min: 18, max: 90, mode: 'age' }).toISOString().slice(0, 10),
    message: faker.helpers.arrayElement([
      'Please update my mailing address on file for renewal notices.',
      'I am writing to request a copy of my records.',
      'I did not receive the refund I was told to expect. Please look into it.',
      'Can you confirm that my application was received?',
    ]),
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
  encryptPan?: (pan: string, orderId: string) => string,
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
    pan_ciphertext: pending && encryptPan ? encryptPan(pan, orderId) : null,
  };
}
