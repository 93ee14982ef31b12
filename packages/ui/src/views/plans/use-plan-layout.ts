import { useEffect, useMemo, useRef, useState } from 'react';
import type { Plan } from '@switchboard/protocol';
import { emptyFlowLayout, type FlowLayout } from '../../flow/flow-layout';
import { layoutPlan, planShapeKey } from '../../plans/plan-dag';
import { workerElk } from '../flow/use-flow-layout';

/** The ELK layout of the plan's DAG (in the page's ELK worker), recomputed only when steps or dependencies change. */
export function usePlanLayout(plan: Plan | null): FlowLayout {
  const [layout, setLayout] = useState<FlowLayout>(emptyFlowLayout);
  const key = useMemo(() => (plan ? planShapeKey(plan) : ''), [plan]);
  const latest = useRef(plan);
  latest.current = plan;
  useEffect(() => {
    let current = true;
    const shown = latest.current;
    if (!shown) {
      setLayout(emptyFlowLayout);
      return;
    }
    void (async () => {
      const layouter = (await workerElk()) ?? new (await import('elkjs/lib/elk.bundled.js')).default();
      const next = await layoutPlan(shown, layouter);
      if (current) setLayout(next);
    })();
    return () => {
      current = false;
    };
  }, [key]);
  return layout;
}
