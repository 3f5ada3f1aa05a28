/**
 * Where Baton serves the card and settings APIs: the deploy profile's `batonBaseUrl`, also named
 * in the app's `permittedUrls.fetch` (`hubspot.fetch` calls no other origin). HubSpot hands the
 * profile's variables to the cards as `context.variables`; the constant is the fallback where it
 * does not, and a test keeps it equal to the example profile.
 */
export const BATON_ORIGIN = 'https://baton.example.com';

export function batonOrigin(variables: Readonly<Record<string, unknown>> | undefined): string {
  const fromProfile = variables?.batonBaseUrl;
  return typeof fromProfile === 'string' && fromProfile.startsWith('https://')
    ? fromProfile.replace(/\/+$/, '')
    : BATON_ORIGIN;
}
