/** The pack → module → cell tree of the passport, as nested disclosure widgets (keyboard and screen-reader native). */
import type { PackNode } from '../model.js';
import { formatNumber } from '../format.js';

function facts(n: PackNode): string {
  return [
    n.position,
    n.nominalCapacityAh !== undefined ? formatNumber(n.nominalCapacityAh, 'Ah') : '',
    n.nominalVoltageV !== undefined ? formatNumber(n.nominalVoltageV, 'V') : '',
    n.massKg !== undefined ? formatNumber(n.massKg, 'kg') : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function NodeView({ node, open }: { node: PackNode; open?: boolean }) {
  const label = (
    <>
      <span className={`kind kind-${node.kind}`}>{node.kind}</span> <strong>{node.id}</strong> <span className="muted">{node.serialNumber}</span>{' '}
      <span className="facts">{facts(node)}</span>
      {node.children.length ? <span className="muted"> ({node.children.length} {node.children[0].kind === 'cell' ? 'cells' : 'modules'})</span> : null}
    </>
  );
  if (node.children.length === 0) {
    return (
      <li data-node={node.id} data-kind={node.kind}>
        {label}
      </li>
    );
  }
  return (
    <li data-node={node.id} data-kind={node.kind}>
      <details open={open}>
        <summary>{label}</summary>
        <ul>
          {node.children.map((c) => (
            <NodeView key={c.id} node={c} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function StructureTab({ root }: { root: PackNode }) {
  const modules = root.children.length;
  const cells = root.children.reduce((n, m) => n + m.children.length, 0);
  return (
    <div>
      <p className="note">
        {modules} modules, {cells} cells.
      </p>
      <ul className="tree" aria-label="Pack structure">
        <NodeView node={root} open />
      </ul>
    </div>
  );
}
