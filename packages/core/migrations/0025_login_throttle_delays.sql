-- Sign-in throttling by growing delays instead of a hard lock (identity/throttle.ts): a key
-- (account and address, address, account) counts recent attempts and when the last one
-- was, and an attempt waits 2^k seconds once its key is past its free attempts. The old
-- rows counted a fixed window and would read wrongly; they are a quarter of an hour's state.
truncate login_throttle;
alter table login_throttle rename column window_start to last_attempt_at;
