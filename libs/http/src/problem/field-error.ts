/** One rejected input field: `field` is a path such as `authors[0]` or `cursor`. */
export interface FieldError {
  field: string;
  message: string;
}
