import { TableScroll } from '../components/Scroll.tsx';
import { hours, percent } from '../format.ts';
import type { FunnelModel } from '../types.ts';

type Stage = FunnelModel['stages'][number];

const functionLabel = (model: FunnelModel, key: string) =>
  model.functions.find((f) => f.key === key)?.label ?? key;

export function ownersText(model: FunnelModel, stage: Stage): string {
  return [...stage.owners]
    .sort((a, b) => b.weight - a.weight)
    .map((o) => `${functionLabel(model, o.function)} ${percent(o.weight)}`)
    .join(', ');
}

export function slaText(stage: Stage): string {
  if (!stage.sla) return '—';
  return `${hours(stage.sla.targetMinutes)} (${stage.sla.clock} hours)`;
}

export function StagesTable({ model, caption }: { readonly model: FunnelModel; readonly caption: string }) {
  return (
    <TableScroll>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Key</th>
            <th scope="col">Owners and weights</th>
            <th scope="col">Hand-off</th>
            <th scope="col">SLA</th>
            <th scope="col">CRM mapping</th>
            <th scope="col">Milestones</th>
          </tr>
        </thead>
        <tbody>
          {model.stages.map((stage) => (
            <tr key={stage.key}>
              <th scope="row">{stage.label}</th>
              <td>
                <code>{stage.key}</code>
              </td>
              <td>{ownersText(model, stage)}</td>
              <td>{stage.isHandoff ? 'Yes' : 'No'}</td>
              <td>{slaText(stage)}</td>
              <td>
                {stage.mapping.length === 0
                  ? 'Not mapped'
                  : stage.mapping.map((m) => `${m.property} = ${m.values.join(' or ')}`).join('; ')}
              </td>
              <td>{stage.milestones?.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
