import { TableBox } from './TableBox';

/** A file's errors, one row each: where (row and column or field) and what is wrong. Row 0 is the whole file. */
export function FileErrorsTable({
  label,
  place,
  errors,
}: {
  label: string;
  /** What the file calls its places: a roster has columns, an import file fields. */
  place: 'Column' | 'Field';
  errors: readonly { row: number; where: string | null; message: string }[];
}) {
  return (
    <TableBox label={label}>
      <table className="data data--dense">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">{place}</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td>{e.row === 0 ? 'Whole file' : e.row}</td>
              <td className="mono">{e.where && e.where !== '-' ? e.where : '—'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
