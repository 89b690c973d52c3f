-- The one eligibility rule (member/Audience) in Redis, for every gate that decides it (claim.lua,
-- booking.lua; loaded before them): every group of the requirements (Audience.requirements(),
-- 'group|group', each a comma list of marks) needs one of the member's marks (Audience.marks,
-- comma-fenced). Empty requirements: every verified member.
local function eligible(requirements, marks)
  for group in string.gmatch(requirements, '[^|]+') do
    local ok = false
    for mark in string.gmatch(group, '[^,]+') do
      if string.find(marks, ',' .. mark .. ',', 1, true) then ok = true break end
    end
    if not ok then return false end
  end
  return true
end
