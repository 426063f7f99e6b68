import CCurl
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One libcurl multi handle driven by one thread for the whole process: every request and
/// download of every task is a transfer on it, so they share its connection cache (keep-alive
/// connections reused across requests and concurrent downloads, HTTP/2 streams multiplexed on
/// one connection), its DNS cache and, through a share handle, TLS sessions. libcurl itself
/// retries a request on a fresh connection when a reused one turns out to be closed.
///
/// Only the loop thread touches the multi handle, the share handle and the easy handles; other
/// threads only append to `pending` and call `curl_multi_wakeup`, which libcurl documents as
/// callable from any thread. That confinement is why `@unchecked Sendable` is safe here.
final class CurlLoop: @unchecked Sendable {
  let multi: UnsafeMutableRawPointer
  let share: UnsafeMutableRawPointer?
  /// Transfers to start, and transfers whose task was cancelled, since the loop last looked.
  private let pending = Mutex<(starting: [CurlTransfer], cancelled: [CurlTransfer])>(([], []))
  /// Reset easy handles ready for the next transfer (loop thread only).
  private var spare: [UnsafeMutableRawPointer] = []
  private var sequence = 0

  init() {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    multi = curl_multi_init()
    _ = rootmail_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 32)
    _ = rootmail_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    share = curl_share_init()
    if let share {
      // Every easy handle lives on the loop thread, so the share needs no lock callbacks.
      _ = rootmail_curl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
    }
    var thread = pthread_t()
    let context = Unmanaged.passRetained(self).toOpaque()
    let created = pthread_create(
      &thread, nil,
      { context in
        let loop = Unmanaged<CurlLoop>.fromOpaque(context!).takeRetainedValue()
        loop.run()
        return nil
      }, context)
    if created == 0 {
      pthread_detach(thread)
    } else {
      Unmanaged<CurlLoop>.fromOpaque(context).release()
    }
  }

  /// Queues a transfer; the loop thread starts it at once.
  func submit(_ transfer: CurlTransfer) {
    pending.withLock { $0.starting.append(transfer) }
    curl_multi_wakeup(multi)
  }

  /// Ends a submitted transfer whose task was cancelled: the loop thread takes it off the
  /// multi handle and resumes its caller with `CancellationError`, unless it already finished.
  func cancel(_ transfer: CurlTransfer) {
    pending.withLock { $0.cancelled.append(transfer) }
    curl_multi_wakeup(multi)
  }

  private func run() {
    var running: Int32 = 0
    while true {
      let (starting, cancelled) = pending.withLock { queue in
        let taken = queue
        queue = ([], [])
        return taken
      }
      for transfer in starting { start(transfer) }
      for transfer in cancelled { stop(transfer) }
      curl_multi_perform(multi, &running)
      var left: Int32 = 0
      while let message = curl_multi_info_read(multi, &left) {
        guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
        let code = message.pointee.data.result
        var context: UnsafeMutableRawPointer?
        _ = rootmail_curl_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
        curl_multi_remove_handle(multi, easy)
        if let context { Unmanaged<CurlTransfer>.fromOpaque(context).takeRetainedValue().finish(code) }
        recycle(easy)
      }
      // Wakes for socket activity, a libcurl timer, a new transfer, or after a second.
      curl_multi_poll(multi, nil, 0, 1000, nil)
    }
  }

  private func start(_ transfer: CurlTransfer) {
    guard let easy = spare.popLast() ?? curl_easy_init() else {
      transfer.finish(CURLE_OUT_OF_MEMORY)
      return
    }
    sequence += 1
    let configured = transfer.configure(easy, share: share, sequence: sequence)
    guard configured == CURLE_OK else {
      transfer.finish(configured)
      recycle(easy)
      return
    }
    // Retained until the transfer is done (released in `run`).
    _ = Unmanaged.passRetained(transfer)
    let added = curl_multi_add_handle(multi, easy)
    if added != CURLM_OK {
      Unmanaged.passUnretained(transfer).release()
      transfer.finish(CURLE_FAILED_INIT)
      recycle(easy)
    }
  }

  /// Takes a running transfer off the multi handle and finishes it as cancelled.
  private func stop(_ transfer: CurlTransfer) {
    guard !transfer.finished, let easy = transfer.handle else { return }
    curl_multi_remove_handle(multi, easy)
    transfer.cancelled = true
    transfer.finish(CURLE_ABORTED_BY_CALLBACK)
    // The retain `start` took for the multi handle.
    Unmanaged.passUnretained(transfer).release()
    recycle(easy)
  }

  private func recycle(_ easy: UnsafeMutableRawPointer) {
    if spare.count < 16 {
      curl_easy_reset(easy)
      spare.append(easy)
    } else {
      curl_easy_cleanup(easy)
    }
  }
}
