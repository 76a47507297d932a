// Lambda's own rule for FunctionName: a name, a partial ARN or a full ARN, optionally qualified.
// A module of its own, so that the command wiring can check it without loading any option parser.
export const FUNCTION_REFERENCE =
  /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:|\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(?::(?:\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;
