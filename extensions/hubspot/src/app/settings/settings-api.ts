import { batonCaller, type FieldNote, type HubSpotFetch } from '../cards/baton-api.ts';
import type {
  AssessmentRoundView,
  AssessmentsAnswer,
  Definition,
  DefinitionChange,
  DryRun,
  FunnelModel,
  JourneyMapping,
  OpenedRound,
  ReasonCode,
  ReportAnswer,
  ReportInfo,
  RoleGrants,
  SettingsData,
  SlaRouting,
} from './settings-types.ts';

const BASE = '/api/hubspot/settings';
const REPORTS = '/api/hubspot/reports';
const ASSESSMENTS = '/api/hubspot/assessments';

export type LifecycleStep = 'propose' | 'approve' | 'activate' | 'retire' | 'revise';

/** The settings API through `hubspot.fetch`; Baton checks the caller's roles on every change. */
export function settingsApi(fetcher: HubSpotFetch, origin?: string) {
  const call = batonCaller(fetcher, origin);
  const version = (key: string, n: number) => `${BASE}/definitions/${encodeURIComponent(key)}/versions/${n}`;
  type Outcome = { readonly definition: Definition };
  return {
    load: () => call<SettingsData>('GET', `${BASE}/`),
    preset: (key: string) =>
      call<{ readonly model: FunnelModel }>('GET', `${BASE}/funnel-model/presets/${encodeURIComponent(key)}`),
    saveModel: (model: FunnelModel) =>
      call<{ readonly version: number }>('PUT', `${BASE}/funnel-model`, { ...model }),
    saveReasonCodes: (reasonCodes: readonly ReasonCode[]) =>
      call('PATCH', `${BASE}/tenant-settings`, { reasonCodes }),
    saveRoles: (roles: RoleGrants) => call('PATCH', `${BASE}/tenant-settings`, { roles }),
    saveSlaRouting: (slaRouting: SlaRouting) =>
      call('PATCH', `${BASE}/tenant-settings`, { slaRouting: { ...slaRouting } }),
    saveJourneyMapping: (journeyMapping: JourneyMapping) =>
      call('PATCH', `${BASE}/tenant-settings`, { journeyMapping: { ...journeyMapping } }),
    create: (fields: Record<string, unknown>) => call<Outcome>('POST', `${BASE}/definitions`, fields),
    edit: (key: string, n: number, changes: Record<string, unknown>) =>
      call<Outcome>('PATCH', version(key, n), changes),
    step: (key: string, n: number, step: LifecycleStep, body?: Record<string, unknown>) =>
      call<Outcome>('POST', `${version(key, n)}/${step}`, body),
    diff: (key: string, from: number, to: number) =>
      call<{ readonly changes: readonly DefinitionChange[] }>(
        'GET',
        `${BASE}/definitions/${encodeURIComponent(key)}/diff?from=${from}&to=${to}`,
      ),
    openNotes: () => call<{ readonly notes: readonly FieldNote[] }>('GET', `${BASE}/field-notes`),
    answerNote: (noteId: string, status: 'acted_on' | 'declined', answer: string) =>
      call('POST', `${BASE}/field-notes/${encodeURIComponent(noteId)}/answer`, { status, answer }),
    dryRun: (key: string, n: number, recordId: string) =>
      call<DryRun>('POST', `${version(key, n)}/dry-run`, { recordId }),
    reports: () => call<{ readonly reports: readonly ReportInfo[] }>('GET', `${REPORTS}/`),
    report: (name: string, filter: Readonly<Record<string, string>>) => {
      const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v.trim() !== '')).toString();
      return call<ReportAnswer>('GET', `${REPORTS}/${encodeURIComponent(name)}${query ? `?${query}` : ''}`);
    },
    assessments: () => call<AssessmentsAnswer>('GET', `${ASSESSMENTS}/`),
    assessmentRound: (id: string) =>
      call<AssessmentRoundView>('GET', `${ASSESSMENTS}/${encodeURIComponent(id)}`),
    openRound: (body: {
      readonly instrument: string;
      readonly invitations: readonly { readonly function: string; readonly count: number }[];
    }) => call<OpenedRound>('POST', `${ASSESSMENTS}/`, { ...body }),
    closeRound: (id: string) => call('POST', `${ASSESSMENTS}/${encodeURIComponent(id)}/close`),
  };
}

export type SettingsApi = ReturnType<typeof settingsApi>;
