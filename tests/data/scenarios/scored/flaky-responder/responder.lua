-- Raises an error one minute in on about half of the seeds (math.random is
-- seeded from the run's seed), otherwise acknowledges the page and stops.
at("1m", function()
  if math.random() < 0.5 then
    error("unlucky seed: <bad> & \"worse\" \27[31m")
  end
end)

on("page", function(page)
  after("30s", function() ack(page) end)
end)
