import { useState, type FormEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { useAction } from '../../session/useAction';

const EMPTY = { cardholderName: '', cardNumber: '', expiry: '', amount: '', orderReference: '', agency: '' };

/**
 * A card processor keys a payment a citizen gives by phone. The card number is sent once to main,
 * which checks, seals and masks it; the field is emptied as soon as main has answered, and no
 * answer ever carries the whole number back.
 */
export function PhonePaymentScreen() {
  const [form, setForm] = useState(EMPTY);
  const entering = useAction('payments.enter');
  const errors = entering.error?.fields ?? {};
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await entering.run(form);
    if (!r) return;
    // The number leaves the screen whatever the answer: a refusal names the problem, not the digits.
    if (r.ok) setForm(EMPTY);
    else setForm({ ...form, cardNumber: '' });
  }

  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/records/CardTransaction">Card transactions</a> <span aria-hidden="true">›</span> <span>Phone payment</span>
      </nav>
      <h1>Take a phone payment</h1>
      <p className="lead">
        Key the card as the caller reads it out. The number is checked and stored encrypted; afterwards it shows only as the first six and
        last four digits, and it is deleted when the order is processed.
      </p>
      {entering.value && (
        <Alert kind="success" title="Payment saved">
          <p>
            Order {entering.value.orderId}: {entering.value.amount} to {entering.value.agency}, card {entering.value.maskedNumber}.
          </p>
          <p>
            <a href={`#/records/CardTransaction/${entering.value.id}`}>Open the order to process it</a>
          </p>
        </Alert>
      )}
      {entering.error && <Alert kind="error">{entering.error.message}</Alert>}
      <form className="card card--narrow" onSubmit={submit} noValidate aria-label="Phone payment">
        <Field
          label="Name on the card"
          autoComplete="off"
          value={form.cardholderName}
          onChange={set('cardholderName')}
          error={errors.cardholderName}
        />
        <Field
          label="Card number"
          hint="13 to 19 digits; spaces are fine. It is never shown again in full here."
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={form.cardNumber}
          onChange={set('cardNumber')}
          error={errors.cardNumber}
        />
        <Field
          label="Expiry date"
          hint="MM/YY, as printed on the card"
          inputMode="numeric"
          autoComplete="off"
          value={form.expiry}
          onChange={set('expiry')}
          error={errors.expiry}
        />
        <Field
          label="Amount in dollars"
          hint="For example 42.50"
          inputMode="decimal"
          value={form.amount}
          onChange={set('amount')}
          error={errors.amount}
        />
        <Field
          label="Order reference"
          hint="Letters, digits and dashes, e.g. PH-2026-0142"
          value={form.orderReference}
          onChange={set('orderReference')}
          error={errors.orderReference}
        />
        <Field label="Agency being paid" value={form.agency} onChange={set('agency')} error={errors.agency} />
        <ActionButton type="submit" pending={entering.pending} pendingLabel="Saving…">
          Save payment
        </ActionButton>
      </form>
    </div>
  );
}
