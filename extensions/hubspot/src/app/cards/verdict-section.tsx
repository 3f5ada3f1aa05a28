import {
  Alert,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { CardCriterion, CardVerdict, CardViewModel } from './card-view.ts';
import { useFormatInstant } from './portal-time-zone.ts';

const VERDICT_LABELS: Readonly<Record<CardVerdict['verdict'], string>> = {
  qualified: 'Qualified',
  not_qualified: 'Not qualified',
  disqualified: 'Disqualified',
};

function definitionName(verdict: CardVerdict): string {
  return `${verdict.definitionName ?? verdict.definitionKey} v${verdict.definitionVersion}`;
}

function criterionLine(criterion: CardCriterion): string {
  return `${criterion.label}: ${criterion.observed ?? 'no value'}`;
}

/** Each criterion met or missed, with the value seen when the verdict was reached. */
export function Criteria({ verdict }: { readonly verdict: CardVerdict }) {
  return (
    <Flex direction="column" gap="xs">
      {verdict.met.map((c) => (
        <Text key={`met:${c.label}`}>✓ {criterionLine(c)}</Text>
      ))}
      {verdict.missed.map((c) => (
        <Text key={`missed:${c.label}`}>✗ {criterionLine(c)}</Text>
      ))}
      {verdict.disqualifiedBy.map((c) => (
        <Text key={`dq:${c.label}`}>⛔ {criterionLine(c)}</Text>
      ))}
    </Flex>
  );
}

/**
 * The verdict the lead was judged by, frozen when it was qualified or handed off, comes first;
 * today's re-evaluation follows on its own line, and only when it says something else.
 */
export function VerdictSection({
  qualification,
}: {
  readonly qualification: CardViewModel['qualification'];
}) {
  const { judgedBy, today } = qualification;
  const formatInstant = useFormatInstant();
  return (
    <Flex direction="column" gap="xs">
      <Heading>Qualification</Heading>
      <Text format={{ fontWeight: 'bold' }}>{qualification.summary}</Text>
      {judgedBy && (
        <DescriptionList direction="row">
          <DescriptionListItem label="Judged by">
            <Text>{definitionName(judgedBy)}</Text>
          </DescriptionListItem>
          <DescriptionListItem
            label={judgedBy.frozenAt === 'handed_off' ? 'At hand-off' : 'At qualification'}
          >
            <Text>{formatInstant(judgedBy.evaluatedAt)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Verdict">
            <Tag variant={judgedBy.verdict === 'qualified' ? 'success' : 'warning'}>
              {VERDICT_LABELS[judgedBy.verdict]}
            </Tag>
          </DescriptionListItem>
          <DescriptionListItem label="Fit / engagement">
            <Text>
              {judgedBy.fitScore}
              {judgedBy.fitThreshold === null ? '' : ` of ${judgedBy.fitThreshold}`} /{' '}
              {judgedBy.engagementScore}
              {judgedBy.engagementThreshold === null ? '' : ` of ${judgedBy.engagementThreshold}`}
            </Text>
          </DescriptionListItem>
        </DescriptionList>
      )}
      {judgedBy && <Criteria verdict={judgedBy} />}
      {today && (
        <Alert title={`Today: ${VERDICT_LABELS[today.verdict]} by ${definitionName(today)}`} variant="info">
          {today.explanation}
        </Alert>
      )}
    </Flex>
  );
}
