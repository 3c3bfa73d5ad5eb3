import type { FieldError } from '@kubekit/apimachinery';
import { childPath, indexPath, invalid, notSupported } from '../../semantics/schema/field-error';
import { type JsonMap, stringOf } from '../../semantics/json';

/**
 * ValidateTolerations of kube-apiserver (pod specs and their updates), with kube's messages:
 * an empty key needs operator Exists, tolerationSeconds needs effect NoExecute, Exists takes no
 * value, operators and effects from their enums. The label syntax of keys and values is not
 * checked.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

/** The problems of `tolerations` (at `path`). */
export function validateTolerations(tolerations: JsonMap[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const at = indexPath(path, i);
    const operator = stringOf(t.operator);
    if (!stringOf(t.key) && operator !== 'Exists') {
      errs.push(
        invalid(
          childPath(at, 'operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (
      t.tolerationSeconds !== undefined &&
      t.tolerationSeconds !== null &&
      t.effect !== 'NoExecute'
    )
      errs.push(
        invalid(
          childPath(at, 'effect'),
          stringOf(t.effect),
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (operator === 'Exists' && stringOf(t.value))
      errs.push(
        invalid(
          childPath(at, 'operator'),
          t.value,
          "value must be empty when `operator` is 'Exists'",
        ),
      );
    else if (operator !== 'Exists' && operator !== 'Equal' && operator !== '')
      errs.push(notSupported(childPath(at, 'operator'), operator, ['Equal', 'Exists']));
    const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
    if (stringOf(t.effect) && !effects.includes(stringOf(t.effect)))
      errs.push(notSupported(childPath(at, 'effect'), t.effect, effects));
  });
  return errs;
}
