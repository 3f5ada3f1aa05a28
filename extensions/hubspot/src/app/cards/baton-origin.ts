/**
 * Where Baton serves the card and settings APIs: the `batonBaseUrl` of the deploy profile, also
 * named in the app's `permittedUrls.fetch` (`hubspot.fetch` calls no other origin). Set it to
 * your profile's value before `hs project upload`; a test keeps it equal to the example profile.
 */
export const BATON_ORIGIN = 'https://baton.example.com';
