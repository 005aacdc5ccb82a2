/**
 * The Network page's picture of the cluster (diagram-model.ts), drawn as SVG
 * in the system's colours, with the same facts as a list for screen readers
 * and for anyone who reads faster than they look. Redrawn as fields change.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagramModel } from './diagram-model.js';

const BOX_W = 150;
const BOX_H = 58;
const GAP = 16;

export function NetworkDiagram({ model }: { model: DiagramModel }) {
  const { t } = useTranslation();
  const id = useId();
  const workers = [
    ...model.nodes.map((n) => ({
      key: n.name,
      title: n.name,
      lines: [n.os, n.podCidr ?? t('pages.network.diagram.noPodCidr')],
      windows: false,
    })),
    {
      key: '(this)',
      title: model.windows.name || t('pages.network.diagram.thisServer'),
      lines: [
        'windows',
        model.windows.podRange === 'calico'
          ? t('pages.network.diagram.fromCalico', { cidr: model.windows.clusterCidr })
          : t('pages.network.diagram.fromController', { cidr: model.windows.clusterCidr }),
      ],
      windows: true,
    },
  ];
  const width = Math.max(workers.length * (BOX_W + GAP) + GAP, 2 * BOX_W);
  const height = 2 * BOX_H + 110;
  const planeX = width / 2 - BOX_W / 2;
  const rowY = BOX_H + 60;
  const topology = t(`pages.network.topologies.${model.topology}.label`);
  return (
    <figure className="network-diagram" aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${id}-caption`} focusable="false">
        <rect x={planeX} y={8} width={BOX_W} height={BOX_H} rx={6} className="diagram-box" />
        <text x={width / 2} y={30} textAnchor="middle" className="diagram-title">
          {t('pages.network.diagram.controlPlane')}
        </text>
        <text x={width / 2} y={50} textAnchor="middle" className="diagram-line">
          {shorten(model.server?.replace(/^https:\/\//, '') ?? t('pages.network.diagram.unknownServer'), 22)}
        </text>
        {workers.map((w, i) => {
          const x = GAP + i * (BOX_W + GAP);
          return (
            <g key={w.key}>
              <line x1={width / 2} y1={8 + BOX_H} x2={x + BOX_W / 2} y2={rowY} className="diagram-link" />
              <rect
                x={x}
                y={rowY}
                width={BOX_W}
                height={BOX_H}
                rx={6}
                className={w.windows ? 'diagram-box diagram-windows' : 'diagram-box'}
              />
              <text x={x + BOX_W / 2} y={rowY + 20} textAnchor="middle" className="diagram-title">
                {shorten(w.title, 20)}
              </text>
              {w.lines.map((line, j) => (
                <text key={j} x={x + BOX_W / 2} y={rowY + 36 + j * 14} textAnchor="middle" className="diagram-line">
                  {shorten(line, 24)}
                </text>
              ))}
            </g>
          );
        })}
        <text x={GAP} y={rowY + BOX_H + 28} className="diagram-line">
          {t('pages.network.diagram.pods', { topology, cidr: model.windows.clusterCidr })}
        </text>
        <text x={GAP} y={rowY + BOX_H + 46} className="diagram-line">
          {t('pages.network.diagram.services', { cidr: model.serviceCidr })}
        </text>
      </svg>
      <figcaption id={`${id}-caption`}>{t('pages.network.diagram.caption')}</figcaption>
      <ul className="visually-hidden">
        <li>{t('pages.network.diagram.text.controlPlane', { server: model.server ?? t('pages.network.diagram.unknownServer') })}</li>
        {model.nodes.map((n) => (
          <li key={n.name}>
            {t('pages.network.diagram.text.node', { name: n.name, os: n.os, cidr: n.podCidr ?? t('pages.network.diagram.noPodCidr') })}
          </li>
        ))}
        {model.hidden > 0 && <li>{t('pages.network.diagram.text.more', { count: model.hidden })}</li>}
        <li>
          {model.windows.podRange === 'calico'
            ? t('pages.network.diagram.text.windowsCalico', {
                name: model.windows.name || t('pages.network.diagram.thisServer'),
                cidr: model.windows.clusterCidr,
              })
            : t('pages.network.diagram.text.windowsController', {
                name: model.windows.name || t('pages.network.diagram.thisServer'),
                cidr: model.windows.clusterCidr,
              })}
        </li>
        <li>{t('pages.network.diagram.pods', { topology, cidr: model.windows.clusterCidr })}</li>
        <li>{t('pages.network.diagram.services', { cidr: model.serviceCidr })}</li>
      </ul>
    </figure>
  );
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
