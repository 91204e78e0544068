import { useTranslation } from 'react-i18next';
import { type FieldLabels, fieldLabelKey } from '../lib/problems.js';

export const problemId = (path: string) => `problem-${path.replace(/\W/g, '-') || 'form'}`;

/** The problems of one field, in the page's language, right under it (and named by its aria-describedby). */
export function FieldProblems({ path, problems }: { path: string; problems: Map<string, string[]> }) {
  const messages = problems.get(path);
  if (!messages) return null;
  return (
    <span className="field-problem" id={problemId(path)} data-testid={`problem-${path}`}>
      {messages.join(' · ')}
    </span>
  );
}

/** Problems no field on the form shows (an unknown field, a path the form does not have), labelled. */
export function OtherProblems({
  problems,
  shown,
  labels,
}: {
  problems: Map<string, string[]>;
  shown: (path: string) => boolean;
  labels: FieldLabels;
}) {
  const { t } = useTranslation();
  const rest = [...problems].filter(([path]) => !shown(path));
  if (rest.length === 0) return null;
  return (
    <ul className="form-error">
      {rest.map(([path, messages]) => {
        const label = fieldLabelKey(labels, path);
        return (
          <li key={path}>
            {label ? `${t(label)}: ` : ''}
            {messages.join(' · ')}
          </li>
        );
      })}
    </ul>
  );
}
