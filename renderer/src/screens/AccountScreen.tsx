import { ChangePasswordForm } from './ChangePasswordForm';
import { SecondFactorSection } from './secondFactor/SecondFactorSection';

export function AccountScreen() {
  return (
    <div className="page">
      <h1>My account</h1>
      <section className="card card--narrow" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <ChangePasswordForm />
      </section>
      <SecondFactorSection />
    </div>
  );
}
