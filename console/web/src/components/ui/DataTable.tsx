import { tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';

const features = tableFeatures({});

export type Columns<T extends RowData> = ColumnDef<typeof features, T, unknown>[];

interface Props<T extends RowData> {
  label: string;
  columns: Columns<T>;
  data: T[];
  rowId(row: T): string;
  testId?: string;
  rowTestId?(row: T): string;
  empty?: string;
}

/** A plain semantic table (TanStack Table builds the rows and cells; the markup and styling are ours). */
export function DataTable<T extends RowData>({ label, columns, data, rowId, testId, rowTestId, empty }: Props<T>) {
  const table = useTable({ features, columns, data, getRowId: (row: T) => rowId(row) });
  return (
    <table className="ui-table" aria-label={label} data-testid={testId}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {header.isPlaceholder ? null : <table.FlexRender header={header} />}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-testid={rowTestId?.(row.original)}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
        {data.length === 0 && empty && (
          <tr>
            <td colSpan={columns.length} className="muted">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
