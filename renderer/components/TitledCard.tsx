/**
 * What needs a decision or a hand-off (restart, resume, remove the node, support, the rehearsal's scenarios):
 * a Fluent Card with its title in a CardHeader. It is a region named by that title, so a screen reader's
 * landmarks list it and a support call can say "the Windows must restart box"; the optional icon is
 * decorative (the title says it in words).
 */
import { Card, CardHeader } from '@fluentui/react-components';
import { useId, type ReactElement, type ReactNode } from 'react';

interface TitledCardProps {
  title: string;
  className: string;
  icon?: ReactElement | undefined;
  children: ReactNode;
}

export function TitledCard({ title, className, icon, children }: TitledCardProps) {
  const titleId = useId();
  return (
    <Card className={`titled-card ${className}`} role="region" aria-labelledby={titleId}>
      <CardHeader
        image={icon ? <span aria-hidden="true">{icon}</span> : undefined}
        header={
          <h2 id={titleId} className="card-title">
            {title}
          </h2>
        }
      />
      {children}
    </Card>
  );
}
