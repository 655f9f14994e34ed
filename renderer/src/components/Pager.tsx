/** Previous and next page of a list, named as the list reads ("Newer"/"Older" for a trail). */
export function Pager({
  page,
  pages,
  onPage,
  previous = 'Previous page',
  next = 'Next page',
}: {
  page: number;
  pages: number;
  onPage(page: number): void;
  previous?: string;
  next?: string;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button className="button button--secondary button--small" type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {previous}
      </button>
      <button className="button button--secondary button--small" type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {next}
      </button>
    </nav>
  );
}
