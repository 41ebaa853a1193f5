-- bad-deploy-checkout: checkout v3.2.0 ships a new promo code validator that
-- throws on baskets holding an item without a category. About 30% of orders
-- hit it and fail with a 500. Rolling back to v3.1.4 fixes it.

local checkout = service("checkout")
local ads = service("ads")

local GOOD_VERSION = "v3.1.4"
local BAD_VERSION = "v3.2.0"
local FAILING_SHARE = 0.3

-- The release running when the drill starts, so a rollback has a target.
deploy(checkout, GOOD_VERSION, "release 3.1.4 (in production since Monday)")

-- A harmless change a few minutes earlier: a red herring in the change log.
at("6m", function()
  deploy(ads, "v1.19.0", "ads: new campaign targeting rules")
end)

local stack_traces -- the every() timer logging the exception, while the bug is live

at("10m", function()
  deploy(checkout, BAD_VERSION, "checkout: new promo code validation (PAY-2291)")
  checkout:errors{ rate = FAILING_SHARE }
  -- The engine logs the 500s themselves; the application also logs why.
  stack_traces = every("20s", function()
    log(checkout, "error",
        "Unhandled exception in POST /checkout/confirm: java.lang.NullPointerException: " ..
        "Cannot invoke \"Category.getId()\" because \"item.category\" is null " ..
        "at PromoCodeValidator.eligibleItems(PromoCodeValidator.java:88)")
  end)
end)

at("25m", function()
  if checkout:version() == BAD_VERSION then
    inject("Support: 14 tickets in the last 10 minutes from customers who could not pay: " ..
           "'Something went wrong' after clicking 'Place order'. Some succeeded on retry.")
  end
end)

at("40m", function()
  if checkout:version() == BAD_VERSION then
    inject("The payments team lead in #incidents: 'We shipped checkout 3.2.0 at 09:10. " ..
           "Is anyone looking at checkout errors?'")
  end
end)

on("rollback", checkout, function(ev)
  if ev.from == BAD_VERSION then
    checkout:clear_faults()
    if stack_traces then stack_traces:cancel() end
    log(checkout, "info", "promo code validation: legacy validator active (running " .. ev.to .. ")")
  end
end)
