/// Where one receiver stands with one mail: what `mail dead-letters` lists and what keeps a
/// receiver from running twice on a mail.
@_spi(RootmailHost) public struct Receipt: Sendable, Equatable {
  public enum State: String, Sendable, CaseIterable {
    /// A worker holds it until `leaseUntil`: running the receiver now, or died doing so.
    case claimed
    /// Settled for good: the receiver did its work, or had none to do.
    case done
    case skipped
    /// Failed, to be tried again from `retryAt` on.
    case failed
    /// Failed for good, or `max_attempts` times: on the dead-letter list until replayed.
    case dead
  }

  public var mailID: String
  /// The receiver's `ReceiverSpec.id`.
  public var receiver: String
  public var state: State
  /// Attempts so far (each claim is one).
  public var attempts: Int
  /// done / skipped: what was done or why not; failed / dead: the last error.
  public var detail: String
  /// failed: not to be tried before this time (seconds since 1970).
  public var retryAt: Int
  /// claimed: the worker holding it (`host:pid:random`) and until when.
  public var worker: String
  public var leaseUntil: Int
  public var updatedAt: Int

  public init(
    mailID: String, receiver: String, state: State, attempts: Int = 0, detail: String = "", retryAt: Int = 0,
    worker: String = "", leaseUntil: Int = 0, updatedAt: Int
  ) {
    self.mailID = mailID
    self.receiver = receiver
    self.state = state
    self.attempts = attempts
    self.detail = detail
    self.retryAt = retryAt
    self.worker = worker
    self.leaseUntil = leaseUntil
    self.updatedAt = updatedAt
  }

  /// Whether no receiver run will change it without a replay.
  public var isSettled: Bool { state == .done || state == .skipped || state == .dead }
}

/// The record of receiver outcomes, and the claims that keep two workers from running one
/// receiver on one mail at once. Locally it lives in the mail index (one machine, one fetch
/// at a time); with a DynamoDB store, in DynamoDB, written conditionally, so that watchers on
/// several machines share it. Every method is atomic on its own.
@_spi(RootmailHost) public protocol ReceiptLedger: AnyObject, Sendable {
  /// Takes `receiver` on `mailID` for `worker` until `leaseUntil`, counting one attempt, when
  /// there is no receipt yet, or a failed one whose `retryAt` has come, or a claim whose lease
  /// ran out before `now` (its worker died mid-mail: that attempt counts). A claim that ran
  /// out after `maxAttempts` attempts becomes dead instead ("the process ended while the
  /// receiver ran"). Returns the claimed receipt, or nil when the receiver is not this worker's
  /// to run now (settled, backing off, or held by a live claim).
  func claim(mailID: String, receiver: String, worker: String, now: Int, leaseUntil: Int, maxAttempts: Int)
    async throws -> Receipt?

  /// Records the outcome of a claimed attempt (`receipt` as it should now read: state done,
  /// skipped, failed or dead, with its detail). Returns false, and changes nothing, when
  /// `worker` no longer holds the claim (its lease ran out and another worker took it).
  func settle(_ receipt: Receipt, worker: String) async throws -> Bool

  /// Receipts in any of `states`, oldest update first, at most `limit`.
  func receipts(in states: Set<Receipt.State>, limit: Int) async throws -> [Receipt]

  /// Every receipt of one mail.
  func receipts(mailID: String) async throws -> [Receipt]

  /// For replay: makes a dead or failed receipt claimable now with its attempts reset (a done
  /// or skipped one too when `force`). A live claim is left alone. Returns whether it changed.
  func reopen(mailID: String, receiver: String, force: Bool, now: Int) async throws -> Bool
}
