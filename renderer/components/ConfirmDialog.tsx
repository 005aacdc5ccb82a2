/**
 * "Are you sure?" before something that cannot be taken back (cancel a join,
 * remove the node): a Fluent alert dialog that says what happens, with the
 * safe choice first, primary and focused, so a stray Enter changes nothing.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { useId } from 'react';

interface ConfirmDialogProps {
  open: boolean;
  question: string;
  impact: string;
  keep: string;
  confirm: string;
  busy: boolean;
  onKeep(): void;
  onConfirm(): void;
}

export function ConfirmDialog({ open, question, impact, keep, confirm, busy, onKeep, onConfirm }: ConfirmDialogProps) {
  const impactId = useId();
  return (
    <Dialog modalType="alert" open={open} onOpenChange={(_, data) => !data.open && onKeep()}>
      <DialogSurface aria-describedby={impactId}>
        <DialogBody>
          <DialogTitle>{question}</DialogTitle>
          <DialogContent id={impactId}>{impact}</DialogContent>
          <DialogActions>
            <Button appearance="primary" className="primary" onClick={onKeep}>
              {keep}
            </Button>
            <Button disabled={busy} onClick={onConfirm}>
              {confirm}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
