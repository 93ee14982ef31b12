// A promise's error dropped without a word: `.catch(() => undefined)`, `.catch(() => {})`, `.catch(() => null)`,
// or the same as `.then(ok, () => undefined)`'s second argument. Allowed only with a comment saying why
// (on the line before the statement — for the body of an `if`/loop without braces, before that `if`/loop —, or
// anywhere from the statement's start to the handler's line);
// otherwise log it through the Logger port. Empty `catch {}` blocks are `no-empty`'s (a comment inside passes).

const swallows = (handler) => {
  if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression'))
    return false;
  const body = handler.body;
  if (body.type === 'BlockStatement') return body.body.length === 0;
  if (body.type === 'Identifier') return body.name === 'undefined';
  if (body.type === 'Literal') return body.value === null;
  return body.type === 'UnaryExpression' && body.operator === 'void' && body.argument.type === 'Literal';
};

const enclosingStatement = (node) => {
  let current = node;
  while (current.parent && !/(Statement|Declaration)$/.test(current.type)) current = current.parent;
  // The body of an `if`/loop without braces: the reason stands before the `if`/loop (however a formatter breaks it).
  while (current.parent && /^(If|For|ForOf|ForIn|While|DoWhile|Labeled)Statement$/.test(current.parent.type))
    current = current.parent;
  return current;
};

export default {
  meta: {
    type: 'problem',
    docs: { description: 'A swallowed promise error needs a comment with the reason, or a log line' },
    messages: {
      bare: 'A swallowed error: log it through the Logger port, or say in a comment why nothing needs doing (docs/observability.md).',
    },
    schema: [],
  },
  create(context) {
    const comments = context.sourceCode.getAllComments();
    const explained = (handler) => {
      const statement = enclosingStatement(handler);
      const from = statement.loc.start.line - 1;
      const to = handler.loc.end.line;
      return comments.some((comment) => comment.loc.end.line >= from && comment.loc.start.line <= to);
    };
    return {
      CallExpression(node) {
        if (node.callee.type !== 'MemberExpression' || node.callee.property.type !== 'Identifier') return;
        const method = node.callee.property.name;
        const handler =
          method === 'catch' ? node.arguments[0] : method === 'then' ? node.arguments[1] : undefined;
        if (swallows(handler) && !explained(handler)) context.report({ node: handler, messageId: 'bare' });
      },
    };
  },
};
