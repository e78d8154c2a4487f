/**
 * A form's messages, read out as they appear: the region (role=alert) is always there, so a
 * screen reader announces what is put into it.
 */
export function FormErrors({ id, messages }: { id?: string; messages: readonly string[] }) {
  return (
    <div id={id} role="alert" class="form-errors">
      {messages.length > 0 && (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
