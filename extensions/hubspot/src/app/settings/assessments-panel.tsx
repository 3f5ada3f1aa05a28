import {
  Button,
  Flex,
  Heading,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../cards/use-card-view.ts';
import type { SettingsApi } from './settings-api.ts';
import type {
  AssessmentGroup,
  AssessmentRoundView,
  AssessmentsAnswer,
  OpenedRound,
} from './settings-types.ts';

const shownScore = (group: AssessmentGroup): string => {
  if (!group.shown) return `not shown (${group.respondents} answered)`;
  if (group.score !== undefined) return `${group.score} ${group.band ?? ''}`;
  return Object.entries(group.sections ?? {})
    .map(([name, s]) => `${name} ${s.score} ${s.band}`)
    .join(' · ');
};

function GroupsTable({
  title,
  groups,
}: {
  readonly title: string;
  readonly groups: Readonly<Record<string, AssessmentGroup>>;
}) {
  const rows = Object.entries(groups);
  if (rows.length === 0) return null;
  return (
    <Table bordered>
      <TableHead>
        <TableRow>
          <TableHeader>{title}</TableHeader>
          <TableHeader>Respondents</TableHeader>
          <TableHeader>Score</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(([name, group]) => (
          <TableRow key={name}>
            <TableCell>{name}</TableCell>
            <TableCell>{group.shown ? String(group.respondents) : group.respondents}</TableCell>
            <TableCell>{shownScore(group)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function RoundDetail({ view }: { readonly view: AssessmentRoundView }) {
  const { results, behaviour, selfRating } = view;
  const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
  return (
    <Flex direction="column" gap="sm">
      <Heading>{view.round.name}</Heading>
      <Text>
        {view.round.answered} of {view.round.invited} answered.{' '}
        {results.overall
          ? `Overall ${results.overall.score}, ${results.overall.band}: ${results.overall.meaning}`
          : 'Fewer than three answers so far: nothing is shown yet.'}
      </Text>
      <GroupsTable title="Function" groups={results.byFunction} />
      <GroupsTable title="Level" groups={results.byLevel} />
      {results.gap !== null && (
        <Text>
          Gap, sales minus marketing:{' '}
          {typeof results.gap === 'number' ? results.gap : JSON.stringify(results.gap)}
        </Text>
      )}
      {results.levelGap && (
        <Text>
          Level gap: {results.levelGap.highest} above {results.levelGap.lowest} by {results.levelGap.gap}
        </Text>
      )}
      {results.flags.includes('power_struggle') && (
        <Text>Both functions claim control of strategy (power struggle).</Text>
      )}
      <Text>
        The 90 days before: {behaviour.handedOff} hand-offs, {percent(behaviour.acceptanceRate)} accepted,
        median answer {behaviour.handoffLagMinutesP50 ?? '–'} min, {percent(behaviour.untouchedShare)}{' '}
        untouched for 48 h, {behaviour.feedback.given} field notes (
        {percent(behaviour.feedback.answeredShare)} answered).
      </Text>
      {selfRating.aheadOfBehaviour && (
        <Text>Self-ratings run ahead of behaviour: {selfRating.poorSignals.join('; ')}.</Text>
      )}
      {view.trend.length > 1 && (
        <Text>Trend: {view.trend.map((p) => `${p.name} ${p.overall ?? '–'}`).join(' → ')}</Text>
      )}
    </Flex>
  );
}

/**
 * Assessment rounds: an admin opens one and copies each respondent's link (shown once); everyone
 * reads the results, where groups of fewer than three are never shown.
 */
export function AssessmentsPanel({ api, isAdmin }: { readonly api: SettingsApi; readonly isAdmin: boolean }) {
  const [answer, setAnswer] = useState<AssessmentsAnswer | null>(null);
  const [view, setView] = useState<AssessmentRoundView | null>(null);
  const [opened, setOpened] = useState<OpenedRound | null>(null);
  const [instrument, setInstrument] = useState('maturity');
  const [sales, setSales] = useState('5');
  const [marketing, setMarketing] = useState('5');
  const [error, setError] = useState<string | null>(null);
  const attempt = useCallback(async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  const reload = useCallback(() => attempt(async () => setAnswer(await api.assessments())), [api, attempt]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const takes = answer?.instruments.find((i) => i.key === instrument)?.functions ?? [];
  const open = () =>
    attempt(async () => {
      const invitations = [
        { function: 'sales', count: Number(sales) },
        { function: 'marketing', count: Number(marketing) },
      ].filter((i) => takes.includes(i.function) && i.count > 0);
      setOpened(await api.openRound({ instrument, invitations }));
      await reload();
    });
  return (
    <Flex direction="column" gap="md">
      {error && <Text variant="microcopy">{error}</Text>}
      {isAdmin && (
        <Flex direction="row" gap="sm" align="end" wrap="wrap">
          <Select
            name="instrument"
            label="Instrument"
            value={instrument}
            options={(answer?.instruments ?? []).map((i) => ({ label: i.name, value: i.key }))}
            onChange={(value) => setInstrument(String(value))}
          />
          <Input name="sales" label="Sales respondents" value={sales} onChange={setSales} />
          <Input name="marketing" label="Marketing respondents" value={marketing} onChange={setMarketing} />
          <Button onClick={() => void open()}>Open round</Button>
        </Flex>
      )}
      {opened && (
        <Flex direction="column" gap="xs">
          <Heading>Links for {opened.round.name}</Heading>
          <Text variant="microcopy">Send each person their own link; they are shown this once.</Text>
          {opened.links.map((link) => (
            <Text key={link.url}>
              {link.function}: {link.url}
            </Text>
          ))}
        </Flex>
      )}
      {answer && answer.rounds.length === 0 && <Text>No assessment round yet.</Text>}
      {answer && answer.rounds.length > 0 && (
        <Table bordered>
          <TableHead>
            <TableRow>
              <TableHeader>Round</TableHeader>
              <TableHeader>Answered</TableHeader>
              <TableHeader>Overall</TableHeader>
              <TableHeader> </TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {answer.rounds.map((round) => (
              <TableRow key={round.id}>
                <TableCell>
                  {round.name} ({round.status})
                </TableCell>
                <TableCell>
                  {round.answered}/{round.invited}
                </TableCell>
                <TableCell>
                  {round.results.overall
                    ? `${round.results.overall.score} ${round.results.overall.band}`
                    : '–'}
                </TableCell>
                <TableCell>
                  <Button
                    onClick={() => void attempt(async () => setView(await api.assessmentRound(round.id)))}
                  >
                    Results of {round.name}
                  </Button>
                  {isAdmin && round.status === 'open' && (
                    <Button
                      onClick={() =>
                        void attempt(async () => {
                          await api.closeRound(round.id);
                          await reload();
                        })
                      }
                    >
                      Close {round.name}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {answer &&
        Object.entries(answer.nextRounds).map(([key, next]) => (
          <Text key={key} variant="microcopy">
            Next {key} round {next.state.replace('_', ' ')}: {new Date(next.from).toISOString().slice(0, 10)}{' '}
            to {new Date(next.by).toISOString().slice(0, 10)}
          </Text>
        ))}
      {view && <RoundDetail view={view} />}
    </Flex>
  );
}
