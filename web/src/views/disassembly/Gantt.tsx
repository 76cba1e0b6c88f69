/**
 * The plan's timeline: one lane per resource (robot, human), each step a bar from its start to its end, and the
 * moment the pack is de-energised. Lanes carry their name in text, so the colour is not the only cue; the ordered
 * step list below the chart is the same information for keyboard and screen-reader users.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { duration } from '../common/format.js';
import type { DisassemblyPlan } from './types.js';

const LANE_H = 34;
const LEFT = 70;
const COLORS = { robot: '#1d4f91', human: '#8a4b00' } as const;

export function Gantt({ plan, highlight }: { plan: DisassemblyPlan; highlight?: number | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(720);
  const id = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(360, el.clientWidth));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const lanes = (plan.robotPresent ? ['robot', 'human'] : ['human']) as ('robot' | 'human')[];
  const span = Math.max(1, plan.makespanS);
  const plotW = width - LEFT - 10;
  const sx = (t: number) => LEFT + (t / span) * plotW;
  const height = lanes.length * LANE_H + 34;
  const ticks = Array.from({ length: 6 }, (_, i) => (span * i) / 5);
  const robot = plan.steps.filter((s) => s.resource === 'robot').length;
  return (
    <div ref={ref} className="bl-chart" data-testid="disassembly-timeline">
      <div className="bl-chart-title" id={`${id}-t`}>
        Timeline
      </div>
      <svg width={width} height={height} role="img" aria-labelledby={`${id}-t ${id}-d`} className="bl-gantt">
        <desc id={`${id}-d`}>{`${plan.steps.length} steps over ${duration(plan.makespanS)}: ${robot} by the robot, ${plan.steps.length - robot} by a human; de-energised at ${duration(plan.deEnergisedAtS)}.`}</desc>
        {lanes.map((lane, i) => (
          <g key={lane}>
            <text x={LEFT - 8} y={i * LANE_H + LANE_H / 2 + 4} textAnchor="end" fontSize={12} fill="currentColor">
              {lane}
            </text>
            <line x1={LEFT} x2={LEFT + plotW} y1={(i + 1) * LANE_H} y2={(i + 1) * LANE_H} stroke="currentColor" strokeOpacity={0.2} />
            {plan.steps
              .filter((s) => s.resource === lane)
              .map((s) => (
                <rect
                  key={s.index}
                  x={sx(s.startS)}
                  y={i * LANE_H + 5}
                  width={Math.max(1.5, sx(s.endS) - sx(s.startS) - 0.5)}
                  height={LANE_H - 10}
                  fill={COLORS[lane]}
                  stroke={highlight === s.index ? 'currentColor' : 'none'}
                  strokeWidth={highlight === s.index ? 3 : 0}
                >
                  <title>{`#${s.index + 1} ${s.step} (${s.componentIds.join(', ')}): ${duration(s.startS)} – ${duration(s.endS)}`}</title>
                </rect>
              ))}
          </g>
        ))}
        {plan.deEnergisedAtS > 0 ? (
          <g>
            <line x1={sx(plan.deEnergisedAtS)} x2={sx(plan.deEnergisedAtS)} y1={0} y2={lanes.length * LANE_H} stroke="currentColor" strokeWidth={2} strokeDasharray="5 3" />
            <text x={sx(plan.deEnergisedAtS) + 4} y={lanes.length * LANE_H + 12} fontSize={11} fill="currentColor">
              de-energised
            </text>
          </g>
        ) : null}
        {ticks.map((t) => (
          <text key={t} x={sx(t)} y={height - 4} textAnchor={t === 0 ? 'start' : t === span ? 'end' : 'middle'} fontSize={11} fill="currentColor">
            {duration(t)}
          </text>
        ))}
      </svg>
    </div>
  );
}
