-- A responder that does nothing useful: it acknowledges pages late and
-- never declares, mitigates or says anything. `firedrill test` must fail it.
on("page", function(page)
  after("4m", function() ack(page) end)
end)
