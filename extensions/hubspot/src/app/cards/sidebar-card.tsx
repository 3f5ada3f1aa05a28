import {
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  StatusTag,
  StepIndicator,
  Text,
} from '@hubspot/ui-extensions';
import type { CardApi } from './baton-api.ts';
import { SLA_LABELS, SLA_VARIANTS, touchLine } from './card-format.ts';
import { CardState } from './card-states.tsx';
import type { CardViewModel } from './card-view.ts';
import { type CardHostActions, type CardViewProps, HandoffActions } from './handoff-actions.tsx';
import { useFormatInstant, usePortalTimeZone } from './portal-time-zone.ts';
import { useCardView } from './use-card-view.ts';
import { VerdictSection } from './verdict-section.tsx';

function ownerLine(view: CardViewModel): string {
  const { owner } = view;
  const fn = owner.function?.label ?? 'No function';
  const shares =
    owner.coOwners.length > 1
      ? ` (${owner.coOwners.map((o) => `${o.label} ${Math.round(o.weight * 100)}%`).join(', ')})`
      : '';
  return `${fn}${shares}`;
}

function Ladder({ view }: { readonly view: CardViewModel }) {
  const current = view.ladder.findIndex((s) => s.status === 'current');
  return (
    <Flex direction="column" gap="xs">
      <StepIndicator
        direction="vertical"
        stepNames={view.ladder.map((s) => s.label)}
        {...(current >= 0 ? { currentStep: current } : {})}
      />
      {view.ladder.map((step) => (
        <Text key={step.key} variant="microcopy">
          {step.label}: {step.owners.map((o) => o.label).join(' + ')}
          {step.isHandoff ? ' · hand-off' : ''}
          {step.timeInStageLabel ? ` · ${step.timeInStageLabel}` : ''}
        </Text>
      ))}
    </Flex>
  );
}

/** Everything the sidebar shows, from the card view model alone. */
export function SidebarView(props: CardViewProps) {
  const { view } = props;
  const { stage, sla, source } = view;
  const formatInstant = useFormatInstant();
  const timeZone = usePortalTimeZone();
  return (
    <Flex direction="column" gap="sm">
      <DescriptionList direction="row">
        <DescriptionListItem label="Stage">
          <Text>{stage ? stage.label : 'Not in the funnel yet'}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Owned by">
          <Text>{ownerLine(view)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Held by">
          <Text>
            {view.owner.person ? (view.owner.person.name ?? `Owner ${view.owner.person.id}`) : 'Nobody'}
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label="Waiting">
          <Text>{stage ? stage.waitingLabel : '–'}</Text>
        </DescriptionListItem>
      </DescriptionList>
      {sla && (
        <Flex direction="column" gap="xs">
          <Flex direction="row" gap="xs" align="center">
            <StatusTag variant={SLA_VARIANTS[sla.state]}>{SLA_LABELS[sla.state]}</StatusTag>
            <Text>
              {sla.state === 'met' || sla.state === 'met_late'
                ? sla.reason
                : `${sla.remainingLabel} · due ${formatInstant(sla.dueAt)}`}
            </Text>
          </Flex>
          <Text variant="microcopy">
            Target {sla.targetLabel}
            {sla.state === 'met' || sla.state === 'met_late' ? '' : `: ${sla.reason}`}
          </Text>
        </Flex>
      )}
      <HandoffActions {...props} />
      <Divider />
      <VerdictSection qualification={view.qualification} />
      <Divider />
      <Heading>Funnel</Heading>
      <Ladder view={view} />
      <Divider />
      <Heading>Source</Heading>
      <Text>
        {source.origin}: {source.originReason}
      </Text>
      <DescriptionList direction="column">
        <DescriptionListItem label="First touch">
          <Text>{touchLine(source.firstTouch, timeZone)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Lead-creation touch">
          <Text>{touchLine(source.leadCreationTouch, timeZone)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Latest touch">
          <Text>{touchLine(source.latestTouch, timeZone)}</Text>
        </DescriptionListItem>
      </DescriptionList>
    </Flex>
  );
}

/** The contact sidebar card: who owns the lead now, its SLA clock, the verdict it was judged by, its source. */
export function SidebarCard({
  recordId,
  api,
  host,
}: {
  readonly recordId: string;
  readonly api: CardApi;
  readonly host: CardHostActions;
}) {
  const { load, reload, show } = useCardView(api, recordId);
  if (load.status !== 'ready') return <CardState load={load} onRetry={() => void reload()} />;
  return <SidebarView view={load.view} api={api} host={host} onView={show} />;
}
