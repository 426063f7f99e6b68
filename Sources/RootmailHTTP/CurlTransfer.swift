import CCurl
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// One request and its response on a libcurl easy handle. Created by the calling task, then
/// handed to the loop thread through `CurlLoop.submit` (a mutex), after which only the loop
/// thread touches it until `finish` resumes the continuation: that single hand-off is why
/// `@unchecked Sendable` is safe here.
final class CurlTransfer: @unchecked Sendable {
  let request: AWSRequest
  let readTimeout: Double
  /// Where a 2xx body goes (a download), else nil: the body is kept in memory.
  let downloadPath: String?
  let continuation: CheckedContinuation<AWSResponse, any Error>

  var handle: UnsafeMutableRawPointer?
  var headerList: UnsafeMutablePointer<curl_slist>?
  var requestBody: UnsafeMutableRawBufferPointer?
  let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

  /// Set once `finish` resumed the caller; `cancelled` when that was for a cancellation.
  var finished = false
  var cancelled = false

  var status = 0
  var headers: [String: String] = [:]
  var body: [UInt8] = []
  /// The download's temporary file (`<path>.part-<pid>-<n>`) while it is written.
  var partialPath: String?
  var file: Int32 = -1
  var fileError: String?

  init(
    request: AWSRequest, readTimeout: Double, downloadPath: String?,
    continuation: CheckedContinuation<AWSResponse, any Error>
  ) {
    self.request = request
    self.readTimeout = readTimeout
    self.downloadPath = downloadPath
    self.continuation = continuation
    limit = request.connection.attemptLimit(contentLength: nil)
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
  }

  deinit { errorBuffer.deallocate() }

  // MARK: Setting up the easy handle (loop thread)

  /// Sets every option of this transfer on `easy` (a fresh or reset handle).
  func configure(_ easy: UnsafeMutableRawPointer, share: UnsafeMutableRawPointer?, sequence: Int) -> CURLcode {
    handle = easy
    let me = Unmanaged.passUnretained(self).toOpaque()
    var code = CURLE_OK
    func set(_ option: CURLoption, _ value: Int) {
      if code == CURLE_OK { code = rootmail_curl_setopt_long(easy, option, value) }
    }
    func set(_ option: CURLoption, _ value: String?) {
      guard code == CURLE_OK else { return }
      if let value {
        code = value.withCString { rootmail_curl_setopt_pointer(easy, option, $0) }
      } else {
        code = rootmail_curl_setopt_pointer(easy, option, nil)
      }
    }
    set(CURLOPT_URL, request.urlString)
    // The path goes out as signed: libcurl would otherwise collapse `.` and `..` segments, and
    // the S3 key `RootMail/../outside.eml` would fetch `outside.eml`.
    set(CURLOPT_PATH_AS_IS, 1)
    code = rootmail_curl_setopt_pointer(easy, CURLOPT_PRIVATE, me)
    set(CURLOPT_NOSIGNAL, 1)
    set(CURLOPT_PROTOCOLS_STR, "http,https")
    _ = rootmail_curl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
    _ = rootmail_curl_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
    _ = rootmail_curl_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
    _ = rootmail_curl_setopt_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, user in
      guard let data, let user else { return 0 }
      return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().received(data, size * count)
    }
    _ = rootmail_curl_setopt_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, user in
      guard let data, let user else { return 0 }
      Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().header(data, size * count)
      return size * count
    }
    if let share { _ = rootmail_curl_setopt_pointer(easy, CURLOPT_SHARE, share) }

    // Connection: HTTP/2 where the server offers it over TLS, TLS 1.2 at least, the CA
    // bundle, the proxy (or none: an empty string stops libcurl reading the environment
    // itself, since the kit already applied NO_PROXY), and the timeouts.
    let connection = request.connection
    set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
    // Waiting for a connection that may multiplex only pays where HTTP/2 can be negotiated (TLS):
    // over plain HTTP libcurl would queue every request behind one still running (a slow
    // download, a trickling server) instead of opening another connection.
    if request.scheme == "https" { set(CURLOPT_PIPEWAIT, 1) }
    set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2)
    if let bundle = connection.caBundle {
      set(CURLOPT_CAINFO, bundle)
      set(CURLOPT_CAPATH, nil)
      set(CURLOPT_PROXY_CAINFO, bundle)
    }
    set(CURLOPT_PROXY, connection.proxy ?? "")
    // No step waits longer than the read timeout: a metadata call with 1 s does not spend
    // 10 s connecting to an address that does not answer.
    var connect = connection.connectTimeout
    if readTimeout > 0 { connect = connect > 0 ? min(connect, readTimeout) : readTimeout }
    set(CURLOPT_CONNECTTIMEOUT_MS, Int((connect * 1000).rounded(.up)))
    if readTimeout > 0 {
      // The minimum speed, averaged over the read timeout: a server sending a byte every other
      // second is never silent for the read timeout, but it is this slow (CURLE_OPERATION_TIMEDOUT).
      set(CURLOPT_LOW_SPEED_LIMIT, connection.minimumSpeed)
      set(CURLOPT_LOW_SPEED_TIME, max(1, Int(readTimeout.rounded(.up))))
    }
    startedAt = .now
    if readTimeout > 0 || connection.totalTimeout > 0 {
      // The read timeout and the attempt's deadline: libcurl calls this at least once a second;
      // no byte sent or received for `readTimeout` seconds (`idleTimedOut`: the low-speed
      // limit alone would average over a 5 s window and let a silent server hold on for
      // longer), or the attempt's time spent (`deadlineExceeded`), aborts the transfer.
      set(CURLOPT_NOPROGRESS, 0)
      _ = rootmail_curl_setopt_pointer(easy, CURLOPT_XFERINFODATA, me)
      _ = rootmail_curl_setopt_xferinfo(easy, CURLOPT_XFERINFOFUNCTION) { user, _, received, _, sent in
        guard let user else { return 0 }
        return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().progress(Int64(received) + Int64(sent))
      }
    }

    // Method and body: the body is copied once into a buffer libcurl sends from (and can send
    // again when it retries on a fresh connection).
    let method = request.method.uppercased()
    let hasBody = !request.body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH"
    if method == "HEAD" {
      set(CURLOPT_NOBODY, 1)
    } else if method != "GET" || hasBody {
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, request.body.count), alignment: 1)
      request.body.withUnsafeBytes { buffer.copyMemory(from: $0) }
      requestBody = buffer
      if hasBody {
        if code == CURLE_OK {
          code = rootmail_curl_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
        }
        if code == CURLE_OK { code = rootmail_curl_setopt_pointer(easy, CURLOPT_POSTFIELDS, buffer.baseAddress) }
      }
      if method != "POST" || !hasBody { set(CURLOPT_CUSTOMREQUEST, method) }
    }

    // Headers as signed. libcurl's own defaults that would change the request are removed:
    // `Expect: 100-continue`, `Accept`, and the form Content-Type it gives a body without one.
    var list: UnsafeMutablePointer<curl_slist>?
    var hasContentType = false
    for (name, value) in request.headers {
      if name.lowercased() == "content-type" { hasContentType = true }
      let line = value.isEmpty ? "\(name);" : "\(name): \(value)"
      list = curl_slist_append(list, line)
    }
    list = curl_slist_append(list, "Expect:")
    list = curl_slist_append(list, "Accept:")
    if !hasContentType { list = curl_slist_append(list, "Content-Type:") }
    headerList = list
    if code == CURLE_OK { code = rootmail_curl_setopt_pointer(easy, CURLOPT_HTTPHEADER, list) }
    if downloadPath != nil { partialPath = downloadPath! + ".part-\(getpid())-\(sequence)" }
    return code
  }

  // MARK: Callbacks (loop thread)

  /// One header line, or a status line that starts a new response (after a 100 Continue).
  func header(_ data: UnsafeMutablePointer<CChar>, _ count: Int) {
    let received = UnsafeRawBufferPointer(start: data, count: count)
    var end = count
    while end > 0, received[end - 1] == 0x0A || received[end - 1] == 0x0D { end -= 1 }
    guard end > 0 else { return }
    let line = UnsafeRawBufferPointer(rebasing: received[0..<end])
    if line.starts(with: "HTTP/".utf8) {
      let parts = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 2)
      status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
      headers = [:]
      limit = request.connection.attemptLimit(contentLength: nil)
      return
    }
    // Read as bytes, as HTTP defines a field (RFC 9110): the name up to the first colon, in
    // lower case for ASCII letters (names are case-insensitive tokens), the value without the
    // spaces and tabs around it; a String is made only of the two results.
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
    let name = String(unsafeUninitializedCapacity: colon) { buffer in
      for i in 0..<colon { buffer[i] = ASCIIBytes.lowercased(line[i]) }
      return colon
    }
    var start = colon + 1
    var stop = line.count
    while start < stop, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
    while stop > start, line[stop - 1] == 0x20 || line[stop - 1] == 0x09 { stop -= 1 }
    let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<stop]), as: UTF8.self)
    if let existing = headers[name] {
      headers[name] = existing + ", " + value
    } else {
      headers[name] = value
    }
    // A file download has its size's time at the minimum speed on top of the total timeout.
    if name == "content-length", isDownloadingToFile, let length = Int64(value) {
      limit = request.connection.attemptLimit(contentLength: length)
      // A kept download grows its body once (at most 64 MiB ahead of the bytes).
      if request.keepsDownload && length > 0 { body.reserveCapacity(Int(min(length, 64 << 20))) }
    }
  }

  /// Bytes moved so far and when that count last changed (the read timeout's clock).
  var moved: Int64 = -1
  var lastActivity = ContinuousClock.now
  var idleTimedOut = false

  var connected = false

  /// When the attempt started, and the seconds it may take (nil: no limit).
  var startedAt = ContinuousClock.now
  var limit: Double?
  var deadlineExceeded = false

  /// Non-zero aborts the transfer: the attempt's time spent, or nothing moved for the read
  /// timeout once connected (the connect timeout bounds what comes before).
  func progress(_ total: Int64) -> Int32 {
    let now = ContinuousClock.now
    if let limit, now - startedAt >= .milliseconds(Int64(limit * 1000)) {
      deadlineExceeded = true
      return 1
    }
    guard readTimeout > 0 else { return 0 }
    if !connected {
      var ready: curl_off_t = 0
      _ = rootmail_curl_getinfo_offset(handle, CURLINFO_PRETRANSFER_TIME_T, &ready)
      lastActivity = now
      connected = ready > 0
      return 0
    }
    if total != moved {
      moved = total
      lastActivity = now
      return 0
    }
    if now - lastActivity >= .milliseconds(Int64(readTimeout * 1000)) {
      idleTimedOut = true
      return 1
    }
    return 0
  }

  var isDownloadingToFile: Bool { partialPath != nil && (200..<300).contains(status) }

  /// Body bytes: into the download's file for a 2xx response, else into memory. Returning
  /// less than `count` makes libcurl stop with CURLE_WRITE_ERROR.
  func received(_ data: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
    guard isDownloadingToFile else {
      body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count))
      return count
    }
    guard openFile() else { return 0 }
    if request.keepsDownload { body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count)) }
    var done = 0
    while done < count {
      let n = write(file, data + done, count - done)
      if n < 0 {
        if errno == EINTR { continue }
        fileError = "\(partialPath ?? ""): \(String(cString: strerror(errno)))"
        return 0
      }
      done += n
    }
    return count
  }

  func openFile() -> Bool {
    if file >= 0 { return true }
    guard let partialPath else { return false }
    // A new file (O_EXCL); whatever holds the name (a dead process's file with this pid and
    // number, a link) is removed first rather than written through: only then, not before
    // every download (a failing unlink per mail).
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW
    file = open(partialPath, flags, 0o600)
    if file < 0 && errno == EEXIST {
      unlink(partialPath)
      file = open(partialPath, flags, 0o600)
    }
    if file < 0 { fileError = "\(partialPath): \(String(cString: strerror(errno)))" }
    return file >= 0
  }

  // MARK: Completion (loop thread)

  /// Frees what the request needed and resumes the caller with the response or the error.
  func finish(_ code: CURLcode) {
    guard !finished else { return }
    finished = true
    if let headerList { curl_slist_free_all(headerList) }
    headerList = nil
    requestBody?.deallocate()
    requestBody = nil
    continuation.resume(with: Result { try self.result(code) })
  }

  func result(_ code: CURLcode) throws -> AWSResponse {
    if code != CURLE_OK {
      closeAndRemovePartial()
      if cancelled { throw CancellationError() }
      if code == CURLE_WRITE_ERROR, let fileError { throw TransportError.fileError(fileError) }
      if code == CURLE_ABORTED_BY_CALLBACK, deadlineExceeded {
        throw TransportError.deadlineExceeded(seconds: limit ?? 0)
      }
      if code == CURLE_ABORTED_BY_CALLBACK, idleTimedOut { throw TransportError.timedOut(seconds: readTimeout) }
      throw classify(code)
    }
    if isDownloadingToFile, let partialPath, let downloadPath {
      // An empty 2xx body still makes a (empty) file.
      guard openFile(), closeFile() else {
        closeAndRemovePartial()
        throw TransportError.fileError(fileError ?? downloadPath)
      }
      guard rename(partialPath, downloadPath) == 0 else {
        let message = "\(downloadPath): \(String(cString: strerror(errno)))"
        unlink(partialPath)
        throw TransportError.fileError(message)
      }
    } else {
      closeAndRemovePartial()
    }
    return AWSResponse(status: status, headers: headers, body: body)
  }

  /// Closes the download's file (no fsync: a mail fetch's durability is against a killed
  /// process, which the page cache survives; see `MailFetcher`).
  func closeFile() -> Bool {
    let ok = close(file) == 0
    if !ok { fileError = "\(partialPath ?? ""): \(String(cString: strerror(errno)))" }
    file = -1
    return ok
  }

  func closeAndRemovePartial() {
    if file >= 0 { close(file) }
    file = -1
    if let partialPath { unlink(partialPath) }
  }

  /// What a libcurl error means for the retry policy.
  func classify(_ code: CURLcode) -> TransportError {
    let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
    switch code {
    case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
      return .invalidRequest(detail)
    case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SSL_CONNECT_ERROR:
      return .cannotConnect(detail)
    case CURLE_OPERATION_TIMEDOUT:
      // The read timeout and the deadline are the progress callback's (CURLE_ABORTED_BY_CALLBACK):
      // once the request could be sent this is the low-speed limit, before it connecting.
      var ready: curl_off_t = 0
      _ = rootmail_curl_getinfo_offset(handle, CURLINFO_PRETRANSFER_TIME_T, &ready)
      if ready > 0 { return .tooSlow(bytesPerSecond: request.connection.minimumSpeed, seconds: readTimeout) }
      return .cannotConnect("no connection within the connect timeout (\(detail))")
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
      let bundle = request.connection.caBundle.map { "CA bundle \($0)" } ?? "the system's CA certificates"
      return .untrusted("\(detail) (trusting \(bundle))")
    default:
      return .connectionDropped(detail)
    }
  }
}
