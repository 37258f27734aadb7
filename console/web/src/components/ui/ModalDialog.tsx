import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface Props {
  title: string;
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  children: ReactNode;
}

/** A modal dialog: focus stays inside while open and returns where it was; Escape or Close dismisses it. */
export function ModalDialog({ title, isOpen, onOpenChange, children }: Props) {
  return (
    <ModalOverlay className="ui-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="ui-modal">
        <Dialog className="ui-dialog">
          <header className="ui-dialog__head">
            <Heading slot="title">{title}</Heading>
            <Button slot="close" className="ui-button ui-button--quiet" aria-label="Close">
              ✕
            </Button>
          </header>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
