import { Button } from 'react-aria-components';

interface Props {
  /** Zero-based. */
  page: number;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  /** Whether the server has rows after this page (it was asked for one more than a page). */
  hasMore: boolean;
  onPage(page: number): void;
  label: string;
}

/** Previous and next pages of a list the server pages (limit/offset); says which rows are on screen. */
export function Pager({ page, pageSize, shown, hasMore, onPage, label }: Props) {
  const first = page * pageSize + 1;
  return (
    <nav className="ui-pager" aria-label={label}>
      <Button className="ui-button" isDisabled={page === 0} onPress={() => onPage(page - 1)}>
        Previous
      </Button>
      <span className="muted" aria-live="polite" data-testid="pager-range">
        {shown === 0 ? 'nothing here' : `${first}–${first + shown - 1}${hasMore ? '' : ' (the end)'}`}
      </span>
      <Button className="ui-button" isDisabled={!hasMore} onPress={() => onPage(page + 1)}>
        Next
      </Button>
    </nav>
  );
}

/** The query for page `page` asks one row more than a page: its presence means there is a next page. */
export function pageQuery(page: number, pageSize: number): { limit: string; offset: string } {
  return { limit: String(pageSize + 1), offset: String(page * pageSize) };
}
