import { Layout } from "../layout.js";

export const SIGN_IN_ERRORS = {
  unknown_key: "That key is unknown or has been revoked.",
  insufficient_scope: "That key may only report failures; sign in with a key that has the read scope.",
  missing: "Paste an API key to sign in.",
  cross_origin: "The sign-in form must be posted from this site.",
  expired: "Your session has ended; sign in again.",
} as const;
export type SignInError = keyof typeof SIGN_IN_ERRORS;

export function LoginPage(props: { next: string; error?: SignInError }) {
  const message = props.error ? SIGN_IN_ERRORS[props.error] : null;
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      <p>
        The dashboard shows the failures, diagnoses, fixes and reviews your API key may read: a key for one
        repository sees only that repository.
      </p>
      {message ? (
        <p class="alert" role="alert" id="signin-error">
          {message}
        </p>
      ) : null}
      <form class="signin" method="post" action="/login">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api_key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          aria-describedby={message ? "signin-error api-key-help" : "api-key-help"}
          aria-invalid={message ? "true" : undefined}
        />
        <p id="api-key-help" class="muted">
          A key with the read scope (starts with <code>acw_</code>). <code>npm start</code> prints an admin
          key when it starts on the embedded defaults, or set one with <code>ACW_API_KEY</code>.
        </p>
        <input type="hidden" name="next" value={props.next} />
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  );
}
