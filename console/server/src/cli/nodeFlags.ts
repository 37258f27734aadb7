/**
 * The V8 flags the console is started with: by its systemd unit and its `lookout-console` command (the package),
 * by `npm start` and by the load benchmark, so that what is measured is what runs.
 *
 * `--max-semi-space-size=64`: at thousands of PCs every event allocates its frame, its parsed message, its row's
 * values and its ack, and much of it lives until its batch's group commit (10 ms and a flush later). V8's default
 * young generation (16 MB semi-spaces) then collects several times a second and promotes what was merely in
 * flight; profiled at 5,000 PCs (README, Load), garbage collection fell from 19 % to 12 % of the main thread's
 * samples with 64 MB. It costs memory only as the young generation fills (RSS within a few tens of MB).
 */
export const CONSOLE_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=64']);
