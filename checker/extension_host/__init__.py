"""The browser extension's side of the app: building its catalogue data and manifest, installing
it, and the native-messaging host it talks to."""
