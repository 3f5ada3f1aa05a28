import { Page } from '../components/Page.tsx';

export function SignIn() {
  const signInError = new URLSearchParams(window.location.search).get('signInError');
  return (
    <>
      <header className="top">
        <p className="brand">Baton</p>
      </header>
      <main id="main" className="solo">
        <Page title="Sign in to Baton">
          {signInError && (
            <div role="alert" className="alert alert-error">
              <p className="alert-title">Signing in did not work</p>
              <p>{signInError}</p>
              <p className="alert-hint">
                Try again; if it keeps failing, ask your CRM admin whether Baton is installed.
              </p>
            </div>
          )}
          <p>Sign in with the CRM your team uses Baton in.</p>
          <ul className="sign-in">
            <li>
              <a className="button" href="/console/sign-in/hubspot">
                Sign in with HubSpot
              </a>
            </li>
            <li>
              <a className="button" href="/console/sign-in/salesforce">
                Sign in with Salesforce
              </a>
            </li>
          </ul>
        </Page>
      </main>
    </>
  );
}
