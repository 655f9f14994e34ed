import type { ButtonHTMLAttributes, MouseEvent } from 'react';

interface ActionButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  /** The action is in flight (useAction's `pending`). */
  pending: boolean;
  /** What the button says while in flight, e.g. "Signing in…"; otherwise it keeps its words and shows a spinner. */
  pendingLabel?: string;
}

/**
 * The button of a user action. While the action is in flight it is aria-disabled, not disabled,
 * so keyboard focus stays on it; clicks are ignored (and a submit button does not submit).
 */
export function ActionButton({
  pending,
  pendingLabel,
  type = 'button',
  className = 'button button--primary',
  onClick,
  children,
  ...rest
}: ActionButtonProps) {
  function click(e: MouseEvent<HTMLButtonElement>) {
    if (pending) {
      e.preventDefault();
      return;
    }
    onClick?.(e);
  }
  return (
    <button
      {...rest}
      type={type}
      className={className}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      onClick={click}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
